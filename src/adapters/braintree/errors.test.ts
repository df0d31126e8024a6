import braintree from 'braintree';
import { describe, expect, it } from 'vitest';
import { TenderError } from '../../core/errors.js';
import type { Payment, Refund } from '../../core/types.js';
import { outcomeOfBraintreeFailure } from './errors.js';
import { errorResult } from './testing/wire-fixtures.js';

/** The SDK's own error factories (lib/braintree/exceptions.js): what http.js rejects with. */
const exceptions = (braintree as unknown as { exceptions: Record<string, (message: string) => Error> }).exceptions;
const sdkError = (name: string, message = name) => {
  const make = exceptions[name];
  if (!make) throw new Error(`no SDK exception ${name}`);
  return make(message);
};

const attempted: Payment = {
  id: '', customerId: 'c', paymentMethodId: 'tok', invoiceId: '', amount: { amount: 1000, currency: 'USD' },
  status: 'outcome_unknown', amountRefunded: { amount: 0, currency: 'USD' }, description: '',
};
const attemptedRefund: Refund = { id: '', paymentId: 'p', amount: { amount: 500, currency: 'USD' }, status: 'outcome_unknown', reason: 'other', method: 'refund' };
const payment = { kind: 'payment', attempted } as const;

describe('Braintree failures', () => {
  it.each(['UnexpectedError', 'ServerError', 'ServiceUnavailableError', 'GatewayTimeoutError', 'RequestTimeoutError'])(
    '%s on a money-moving call is outcome_unknown, never a decline',
    (name) => {
      expect(outcomeOfBraintreeFailure(sdkError(name), payment)).toEqual({ ...attempted, status: 'outcome_unknown' });
      expect(outcomeOfBraintreeFailure(sdkError(name), { kind: 'refund', attempted: attemptedRefund })).toEqual(attemptedRefund);
    },
  );

  it('is unavailable on other calls, reached only for writes', () => {
    expect(outcomeOfBraintreeFailure(sdkError('UnexpectedError', 'Request timed out'), { kind: 'write' })).toMatchObject({ code: 'unavailable', processorReached: true });
    expect(outcomeOfBraintreeFailure(sdkError('ServerError'), { kind: 'read' })).toMatchObject({ code: 'unavailable', processorReached: false });
  });

  it('never repeats the words of a credential refusal, and does not call it reached', () => {
    for (const name of ['AuthenticationError', 'AuthorizationError']) {
      const failure = outcomeOfBraintreeFailure(sdkError(name, 'public_key pk_secret_123 refused'), payment);
      expect(failure).toBeInstanceOf(TenderError);
      expect(failure).toMatchObject({ code: 'unavailable', processorReached: false });
      expect((failure as TenderError).message).not.toContain('pk_secret_123');
    }
  });

  it('reads 404 as not_found on the named field, and 429 as unavailable', () => {
    expect(outcomeOfBraintreeFailure(sdkError('NotFoundError'), { kind: 'read', resourceField: 'payment_id' })).toMatchObject({ code: 'not_found', field: 'payment_id' });
    expect(outcomeOfBraintreeFailure(sdkError('TooManyRequestsError'), payment)).toMatchObject({ code: 'unavailable' });
  });

  it('names the Tender field of a validation error, masking any card number', () => {
    const amount = errorResult([{ attribute: 'amount', code: '81503', message: 'Amount is an invalid format.' }]);
    expect(outcomeOfBraintreeFailure(amount, payment)).toMatchObject({ code: 'invalid_argument', field: 'amount.amount', message: 'amount.amount: Amount is an invalid format.' });
    const nonce = errorResult([{ attribute: 'number', code: '81715', message: 'Credit card number 4111111111111111 is invalid.' }]);
    const failure = outcomeOfBraintreeFailure(nonce, payment) as TenderError;
    expect(failure).toMatchObject({ code: 'invalid_argument', field: 'nonce' });
    expect(failure.message).not.toContain('4111111111111111');
  });

  it('reads an in-flight key as unknown, a reused key and refund states as preconditions, missing objects as not_found', () => {
    expect(outcomeOfBraintreeFailure(errorResult([{ attribute: 'api_request_key', code: '915233', message: 'in flight' }]), payment)).toMatchObject({ status: 'outcome_unknown' });
    expect(outcomeOfBraintreeFailure(errorResult([{ attribute: 'api_request_key', code: '915232', message: 'reused' }]), payment)).toMatchObject({ code: 'failed_precondition' });
    for (const code of ['91506', '91504', '91512', '91521', '81905', '91922']) {
      expect(outcomeOfBraintreeFailure(errorResult([{ attribute: 'base', code, message: 'state' }]), { kind: 'write' })).toMatchObject({ code: 'failed_precondition' });
    }
    expect(outcomeOfBraintreeFailure(errorResult([{ attribute: 'payment_method_token', code: '91518', message: 'Payment method token is invalid.' }]), payment))
      .toMatchObject({ code: 'not_found', field: 'payment_method_id' });
    expect(outcomeOfBraintreeFailure(errorResult([{ attribute: 'id', code: '91609', message: 'taken' }]), { kind: 'write' })).toMatchObject({ code: 'already_exists' });
  });

  it('passes a TenderError through, and reads anything else as internal', () => {
    const own = new TenderError('not_found', 'x');
    expect(outcomeOfBraintreeFailure(own, payment)).toBe(own);
    expect(outcomeOfBraintreeFailure(new TypeError('boom'), { kind: 'read' })).toMatchObject({ code: 'internal' });
  });
});
