import Stripe from 'stripe';
import { TenderError, type ErrorCode } from '../../core/errors.js';
import type { Payment, Refund } from '../../core/types.js';
import { mapPaymentIntent } from './mapping.js';
import type { WirePaymentIntent } from './wire.js';

/** What the failed call was, which decides what its failure means. */
export type StripeCall =
  | { kind: 'read'; resourceField?: string }
  | { kind: 'write'; resourceField?: string }
  /** A charge or invoice payment; `attempted` is the payment as requested, without an id. */
  | { kind: 'payment'; attempted: Payment; resourceField?: string }
  | { kind: 'refund'; attempted: Refund; resourceField?: string };

type PaymentCall = Extract<StripeCall, { kind: 'payment' }>;
type RefundCall = Extract<StripeCall, { kind: 'refund' }>;

/**
 * The one factory that turns what a Stripe SDK call threw into either an outcome the
 * caller must act on (a declined payment, an unknown outcome) or a TenderError.
 *
 * - A card error (HTTP 402) is a processed decline: a Payment, never an error
 *   (processor-port.ts). It is built from the PaymentIntent Stripe embeds.
 * - On a money-moving call, anything that leaves the result unknown (connection lost,
 *   timeout, 5xx, 409 `idempotency_key_in_use` after the SDK's retries) is
 *   `outcome_unknown`, never a decline (payments-domain.md, "Timeouts are not
 *   declines"). A retry with the same idempotency key settles it.
 * - Stripe's own message is kept for operations, minus anything that looks like a key
 *   or a card number; the SDK error is not attached as `cause` because its raw body can
 *   carry card details (brand, last four) that must not reach a log line.
 */
export function outcomeOfStripeError(error: unknown, call: PaymentCall): Payment | TenderError;
export function outcomeOfStripeError(error: unknown, call: RefundCall): Refund | TenderError;
export function outcomeOfStripeError(error: unknown, call: StripeCall): TenderError;
export function outcomeOfStripeError(error: unknown, call: StripeCall): Payment | Refund | TenderError {
  if (error instanceof TenderError) return error;
  const mutating = call.kind !== 'read';
  if (!(error instanceof Stripe.errors.StripeError)) return unknownOutcome(call, 'internal', 'unexpected failure');

  const where = error.requestId ? ` (Stripe request ${error.requestId})` : '';
  const said = `${scrub(error.message)}${where}`;
  switch (error.type) {
    case 'StripeCardError':
      if (call.kind === 'payment') return declinedPayment(error, call.attempted);
      return new TenderError('failed_precondition', `card refused: ${said}`, { processorReached: mutating });
    case 'StripeInvalidRequestError': {
      if (error.code === 'resource_missing') {
        // `param` names the missing object when it is not the one in the path (`id`).
        const field = apiFieldOf(error.param) ?? call.resourceField;
        return new TenderError('not_found', `not found at Stripe: ${said}`, field ? { field } : {});
      }
      if (error.code && PRECONDITION_CODES.has(error.code)) {
        return new TenderError('failed_precondition', said);
      }
      const field = apiFieldOf(error.param) ?? (error.param === 'id' ? call.resourceField : undefined);
      return new TenderError('invalid_argument', field ? `${field}: ${said}` : said, field ? { field } : {});
    }
    case 'StripeIdempotencyError':
      return new TenderError(
        'failed_precondition',
        `idempotency key already used at Stripe with different parameters${where}`,
      );
    case 'StripeAuthenticationError':
    case 'StripePermissionError':
      // Stripe's wording quotes part of the key: never pass it on.
      return new TenderError('unavailable', `Stripe refused the account's credentials${where}`);
    case 'StripeRateLimitError':
      return new TenderError('unavailable', `Stripe rate limit reached${where}`);
    default:
      if (error.statusCode === 409 && call.kind !== 'payment' && call.kind !== 'refund') {
        return new TenderError('aborted', `a request with the same key is still running${where}`, {
          processorReached: mutating,
        });
      }
      return unknownOutcome(call, 'unavailable', `Stripe unreachable or failing: ${said}`);
  }
}

/** Stripe refused because of the object's state, not the request's shape. */
const PRECONDITION_CODES: ReadonlySet<string> = new Set([
  'charge_already_refunded',
  'charge_already_captured',
  'charge_disputed',
  'charge_not_refundable',
  'refund_disputed_payment',
  'invoice_not_editable',
  'invoice_payment_intent_requires_action',
  'intent_invalid_state',
  'payment_intent_unexpected_state',
  'status_transition_invalid',
]);

function unknownOutcome(call: StripeCall, code: ErrorCode, message: string): Payment | Refund | TenderError {
  if (call.kind === 'payment') return { ...call.attempted, status: 'outcome_unknown' };
  if (call.kind === 'refund') return { ...call.attempted, status: 'outcome_unknown' };
  return new TenderError(code, message, { processorReached: call.kind === 'write' });
}

/**
 * Stripe embeds the failed PaymentIntent in a card error; when it does not (or the
 * intent lacks its `last_payment_error`), the error's own fields stand in, so that the
 * status still comes from the one mapping in mapping.ts.
 */
function declinedPayment(error: Stripe.errors.StripeError, attempted: Payment): Payment {
  const failure = {
    code: error.code ?? null,
    decline_code: error.decline_code ?? null,
    advice_code: error.advice_code ?? null,
    message: error.message,
  };
  const embedded = error.payment_intent as WirePaymentIntent | undefined;
  const intent: WirePaymentIntent = embedded
    ? { ...embedded, last_payment_error: embedded.last_payment_error ?? failure }
    : {
        id: attempted.id,
        amount: attempted.amount.amount,
        currency: attempted.amount.currency,
        status: 'requires_payment_method',
        customer: attempted.customerId,
        payment_method: attempted.paymentMethodId,
        description: attempted.description,
        created: 0,
        last_payment_error: failure,
        latest_charge: null,
      };
  const payment = mapPaymentIntent(intent, attempted.invoiceId);
  return {
    ...payment,
    customerId: payment.customerId || attempted.customerId,
    paymentMethodId: payment.paymentMethodId || attempted.paymentMethodId,
    description: payment.description || attempted.description,
  };
}

/** Stripe parameter names (last bracket segment first) to Tender API field names. */
const API_FIELDS: Readonly<Record<string, string>> = {
  amount: 'amount.amount',
  unit_amount: 'amount.amount',
  currency: 'amount.currency',
  customer: 'customer_id',
  payment_method: 'payment_method_id',
  default_payment_method: 'payment_method_id',
  payment_intent: 'payment_id',
  invoice: 'invoice_id',
  price: 'plan_id',
  items: 'plan_id',
  proration_behavior: 'proration',
  expires_at: 'expires_in',
  description: 'description',
  name: 'name',
  email: 'email',
  phone: 'phone',
  metadata: 'metadata',
  reason: 'reason',
};

export function apiFieldOf(param: string | undefined): string | undefined {
  if (!param) return undefined;
  const segments = param.split(/[[\]]+/).filter((segment) => segment !== '');
  const last = segments[segments.length - 1] ?? '';
  const first = segments[0] ?? '';
  return API_FIELDS[last] ?? API_FIELDS[first];
}

/** Drops anything shaped like an API key or a card number from Stripe's wording. */
export function scrub(message: string): string {
  return message
    .replace(/\b[a-z]{2,4}_(?:test|live)_[A-Za-z0-9*]+/g, '[redacted key]')
    .replace(/\b\d(?:[ -]?\d){11,18}\b/g, '[redacted number]');
}
