import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { TenderError } from '../../core/errors.js';
import type { Payment, Refund } from '../../core/types.js';
import { apiFieldOf, outcomeOfStripeError, scrub, type StripeCall } from './errors.js';
import { declinedIntentWire } from './testing/wire-fixtures.js';

/** What the SDK itself throws for an HTTP error response (its own factory, by status). */
function sdkError(statusCode: number, error: Record<string, unknown>): Stripe.errors.StripeError {
  return Stripe.errors.StripeError.generate({ ...error, statusCode, requestId: 'req_test_1' } as Stripe.StripeRawError);
}

const attempted: Payment = {
  id: '',
  customerId: 'cus_QXg1o8vcGmoR32',
  paymentMethodId: 'pm_1Pgc75B7WZ01zgkWlHVgdEGJ',
  invoiceId: 'in_1',
  amount: { amount: 24700, currency: 'USD' },
  status: 'outcome_unknown',
  amountRefunded: { amount: 0, currency: 'USD' },
  description: 'Plumbing repair',
};
const chargeCall: StripeCall = { kind: 'payment', attempted };
const attemptedRefund: Refund = {
  id: '',
  paymentId: 'pi_1',
  amount: { amount: 500, currency: 'USD' },
  status: 'outcome_unknown',
  reason: 'duplicate',
  method: 'refund',
};

function asTenderError(value: unknown): TenderError {
  expect(value).toBeInstanceOf(TenderError);
  return value as TenderError;
}

describe('card errors', () => {
  it('turn into a declined payment built from the embedded PaymentIntent', () => {
    const error = sdkError(402, {
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
      payment_intent: declinedIntentWire('card_declined', 'insufficient_funds'),
    });
    const payment = outcomeOfStripeError(error, { kind: 'payment', attempted }) as Payment;
    expect(payment.id).toBe('pi_1PgafyB7WZ01zgkWSjxsAJo3');
    expect(payment.status).toBe('declined');
    expect(payment.invoiceId).toBe('in_1');
    expect(payment.decline).toMatchObject({ reason: 'insufficient_funds', processorCode: 'insufficient_funds' });
  });

  it('still decline when Stripe embeds no PaymentIntent', () => {
    const error = sdkError(402, { type: 'card_error', code: 'expired_card', decline_code: 'expired_card', message: 'Your card has expired.' });
    const payment = outcomeOfStripeError(error, { kind: 'payment', attempted }) as Payment;
    expect(payment).toMatchObject({
      status: 'declined',
      customerId: attempted.customerId,
      paymentMethodId: attempted.paymentMethodId,
      amount: attempted.amount,
      decline: { reason: 'expired_card', processorCode: 'expired_card' },
    });
  });

  it('read authentication_required off-session as requires_action with that reason', () => {
    const error = sdkError(402, {
      type: 'card_error',
      code: 'authentication_required',
      decline_code: 'authentication_required',
      message: 'Your card was declined. This transaction requires authentication.',
      payment_intent: declinedIntentWire('authentication_required', 'authentication_required'),
    });
    const payment = outcomeOfStripeError(error, { kind: 'payment', attempted }) as Payment;
    expect(payment.status).toBe('requires_action');
    expect(payment.decline?.reason).toBe('authentication_required');
  });
});

describe('unknown outcomes on money-moving calls', () => {
  const failures: Array<[string, Stripe.errors.StripeError]> = [
    ['a timeout', new Stripe.errors.StripeConnectionError({ message: 'Request aborted due to timeout being reached (50ms)' })],
    ['a lost connection', new Stripe.errors.StripeConnectionError({ message: 'An error occurred with our connection to Stripe.' })],
    ['a 500', sdkError(500, { type: 'api_error', message: 'Something went wrong on our end.' })],
    ['a 409 key in use', sdkError(409, { type: 'invalid_request_error', code: 'idempotency_key_in_use', message: 'in use' })],
  ];

  it.each(failures)('%s on a charge is outcome_unknown, never declined', (_name, error) => {
    const payment = outcomeOfStripeError(error, chargeCall);
    expect(payment).toEqual({ ...attempted, status: 'outcome_unknown' });
  });

  it.each(failures)('%s on a refund is an outcome_unknown refund', (_name, error) => {
    expect(outcomeOfStripeError(error, { kind: 'refund', attempted: attemptedRefund })).toEqual({
      ...attemptedRefund,
      status: 'outcome_unknown',
    });
  });

  it('a connection error elsewhere is unavailable, marked reached only for writes', () => {
    const error = new Stripe.errors.StripeConnectionError({ message: 'An error occurred with our connection to Stripe.' });
    expect(asTenderError(outcomeOfStripeError(error, { kind: 'read' }))).toMatchObject({ code: 'unavailable', processorReached: false });
    expect(asTenderError(outcomeOfStripeError(error, { kind: 'write' }))).toMatchObject({ code: 'unavailable', processorReached: true });
  });

  it('a 409 key in use on a non-money write asks for a retry with the same key', () => {
    const error = sdkError(409, { type: 'invalid_request_error', code: 'idempotency_key_in_use', message: 'in use' });
    expect(asTenderError(outcomeOfStripeError(error, { kind: 'write' }))).toMatchObject({ code: 'aborted', processorReached: true });
  });
});

describe('request errors', () => {
  it('an idempotency key reused with other parameters is failed_precondition', () => {
    const error = sdkError(400, { type: 'idempotency_error', message: 'Keys for idempotent requests can only be used with the same parameters they were first used with.' });
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(asTenderError(outcomeOfStripeError(error, chargeCall)).code).toBe('failed_precondition');
  });

  it('an invalid parameter names the API field', () => {
    const error = sdkError(400, { type: 'invalid_request_error', code: 'amount_too_small', param: 'amount', message: 'Amount must be at least $0.50 usd' });
    expect(asTenderError(outcomeOfStripeError(error, chargeCall))).toMatchObject({ code: 'invalid_argument', field: 'amount.amount' });
  });

  it('a missing resource is not_found on the field the call names', () => {
    const error = sdkError(404, { type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: "No such invoice: 'in_x'" });
    expect(asTenderError(outcomeOfStripeError(error, { kind: 'read', resourceField: 'invoice_id' }))).toMatchObject({
      code: 'not_found',
      field: 'invoice_id',
    });
  });

  it('a missing object named by a parameter is not_found on that field, not the path object', () => {
    const error = sdkError(400, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'default_payment_method',
      message: 'The customer does not have a payment method with the ID pm_1. The payment method must be attached to the customer.',
    });
    expect(asTenderError(outcomeOfStripeError(error, { kind: 'write', resourceField: 'subscription_id' }))).toMatchObject({
      code: 'not_found',
      field: 'payment_method_id',
    });
  });

  it('a refused state is failed_precondition', () => {
    const error = sdkError(400, { type: 'invalid_request_error', code: 'charge_already_refunded', message: 'Charge ch_1 has already been refunded.' });
    expect(asTenderError(outcomeOfStripeError(error, { kind: 'refund', attempted: attemptedRefund })).code).toBe('failed_precondition');
  });

  it.each([
    ['amount', 'amount.amount'],
    ['currency', 'amount.currency'],
    ['payment_method', 'payment_method_id'],
    ['default_payment_method', 'payment_method_id'],
    ['items[0][price]', 'plan_id'],
    ['line_items[0][price_data][unit_amount]', 'amount.amount'],
    ['metadata[order]', 'metadata'],
    ['expires_at', 'expires_in'],
    ['something_else', undefined],
  ])('maps Stripe param %s to API field %s', (param, field) => {
    expect(apiFieldOf(param)).toBe(field);
  });
});

describe('account and limit errors', () => {
  it('a rejected key is unavailable and the message does not repeat the key', () => {
    const error = sdkError(401, { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_****ndbx' });
    const failure = asTenderError(outcomeOfStripeError(error, chargeCall));
    expect(failure.code).toBe('unavailable');
    expect(failure.message).not.toContain('sk_test');
    expect(failure.cause).toBeUndefined();
  });

  it('a permission error and a rate limit are unavailable, not reached', () => {
    const permission = sdkError(403, { type: 'invalid_request_error', message: 'The provided key does not have access.' });
    const rateLimit = sdkError(429, { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests.' });
    expect(asTenderError(outcomeOfStripeError(permission, chargeCall))).toMatchObject({ code: 'unavailable', processorReached: false });
    expect(asTenderError(outcomeOfStripeError(rateLimit, chargeCall))).toMatchObject({ code: 'unavailable', processorReached: false });
  });

  it('scrubs keys and card numbers out of any Stripe wording it passes on', () => {
    expect(scrub('key sk_live_51Habc123 and card 4242 4242 4242 4242 failed')).toBe(
      'key [redacted key] and card [redacted number] failed',
    );
    const error = sdkError(400, { type: 'invalid_request_error', param: 'description', message: 'Bad value 4000-0000-0000-9995' });
    expect(asTenderError(outcomeOfStripeError(error, { kind: 'write' })).message).not.toMatch(/9995/);
  });

  it('passes a TenderError through unchanged', () => {
    const original = new TenderError('failed_precondition', 'no default payment method');
    expect(outcomeOfStripeError(original, chargeCall)).toBe(original);
  });
});
