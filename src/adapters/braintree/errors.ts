import { maskCardNumbers } from '../../core/card-number.js';
import { TenderError, type ErrorCode } from '../../core/errors.js';
import type { Payment, Refund } from '../../core/types.js';
import type { WireErrorResult, WireValidationError } from './wire.js';

/** What the failed call was, which decides what its failure means. */
export type BraintreeCall =
  | { kind: 'read'; resourceField?: string }
  | { kind: 'write'; resourceField?: string }
  /** A sale; `attempted` is the payment as requested, without an id. */
  | { kind: 'payment'; attempted: Payment; resourceField?: string }
  | { kind: 'refund'; attempted: Refund; resourceField?: string };

type PaymentCall = Extract<BraintreeCall, { kind: 'payment' }>;
type RefundCall = Extract<BraintreeCall, { kind: 'refund' }>;

/**
 * The one factory that turns a Braintree failure into an outcome the caller acts on
 * (a payment or refund whose outcome is unknown) or a TenderError. A failure is either
 * what the SDK threw (its error `type`, chosen from the HTTP status or the socket:
 * lib/braintree/http.js) or a `success: false` result carrying validation errors.
 * Declines are not failures: a result carrying a transaction is mapped by the caller.
 *
 * - On a money-moving call, a timeout, a lost connection or a 5xx leaves the result
 *   unknown: `outcome_unknown`, never a decline (payments-domain.md, "Timeouts are not
 *   declines"), and so does a retry refused because the first attempt with the same
 *   api_request_key is still in flight (915233). The caller's retry with the same key
 *   settles it (payments.ts).
 * - 401/403 never repeat Braintree's words: they could echo the account's key.
 * - A validation error names the Tender API field it is about.
 */
export function outcomeOfBraintreeFailure(failure: unknown, call: PaymentCall): Payment | TenderError;
export function outcomeOfBraintreeFailure(failure: unknown, call: RefundCall): Refund | TenderError;
export function outcomeOfBraintreeFailure(failure: unknown, call: BraintreeCall): TenderError;
export function outcomeOfBraintreeFailure(failure: unknown, call: BraintreeCall): Payment | Refund | TenderError {
  if (failure instanceof TenderError) return failure;
  if (isErrorResult(failure)) return outcomeOfValidation(failure, call);
  const type = failure instanceof Error ? (failure as Error & { type?: unknown }).type : undefined;
  switch (type) {
    case 'authenticationError':
    case 'authorizationError':
      return new TenderError('unavailable', "Braintree refused the account's credentials");
    case 'notFoundError': {
      const field = call.resourceField;
      return new TenderError('not_found', `not found at Braintree${field ? `: ${field}` : ''}`, field ? { field } : {});
    }
    case 'tooManyRequestsError':
      return new TenderError('unavailable', 'Braintree rate limit reached');
    case 'upgradeRequired':
      return new TenderError('unavailable', 'Braintree requires a newer SDK version');
    case 'invalidKeysError':
    case 'testOperationPerformedInProductionError':
      return new TenderError('internal', `the Braintree SDK refused the request: ${scrubbed(failure)}`);
    case 'invalidSignatureError':
      return new TenderError('unauthenticated', 'Braintree webhook signature does not verify');
    case 'serverError':
    case 'serviceUnavailableError':
    case 'gatewayTimeoutError':
    case 'requestTimeoutError':
    case 'unexpectedError':
      return unknownOutcome(call, 'unavailable', `Braintree unreachable or failing: ${scrubbed(failure)}`);
    default:
      return unknownOutcome(call, 'internal', 'unexpected failure');
  }
}

/** Codes (SDK validation_error_codes.js) whose meaning is a missing object. */
const NOT_FOUND: Readonly<Record<string, string>> = {
  '91510': 'customer_id',
  '91518': 'payment_method_id',
  '91903': 'payment_method_id',
  '91904': 'plan_id',
  '92804': 'customer_id',
  '93105': 'customer_id',
};

/** Refused because of an object's state, not the request's shape. */
const PRECONDITION: ReadonlySet<string> = new Set([
  '91504', '91505', '91506', '91507', '91512', '91521', '91574', // refund, void, settle
  '81901', '81905', '81910', '91907', '91909', '91920', '91922', // subscription state
]);

/** Braintree attribute names to Tender API field names. */
const API_FIELDS: Readonly<Record<string, string>> = {
  amount: 'amount.amount',
  customer_id: 'customer_id',
  payment_method_token: 'payment_method_id',
  payment_method_nonce: 'nonce',
  number: 'nonce',
  plan_id: 'plan_id',
  price: 'plan_id',
  email: 'email',
  phone: 'phone',
  first_name: 'name',
  last_name: 'name',
  custom_fields: 'metadata',
  order_id: 'idempotency_key',
  api_request_key: 'idempotency_key',
};

function outcomeOfValidation(result: WireErrorResult, call: BraintreeCall): Payment | Refund | TenderError {
  const errors = result.errors.deepErrors();
  const codes = new Set(errors.map((error) => error.code));
  if (codes.has('915233')) {
    return unknownOutcome(call, 'aborted', 'a request with the same key is still running at Braintree');
  }
  if (codes.has('915232')) {
    return new TenderError('failed_precondition', 'idempotency key already used at Braintree with different parameters');
  }
  const first: WireValidationError | undefined = errors[0];
  const message = maskCardNumbers(result.message || first?.message || 'Braintree refused the request');
  const missing = errors.find((error) => NOT_FOUND[error.code] !== undefined);
  if (missing) {
    const field = NOT_FOUND[missing.code] ?? '';
    return new TenderError('not_found', `${field}: ${maskCardNumbers(missing.message)}`, { field });
  }
  if (errors.some((error) => PRECONDITION.has(error.code))) {
    const field = call.resourceField;
    return new TenderError('failed_precondition', message, field ? { field } : {});
  }
  if (codes.has('91609')) return new TenderError('already_exists', message);
  const field = (first && API_FIELDS[first.attribute]) ?? call.resourceField;
  return new TenderError('invalid_argument', field ? `${field}: ${message}` : message, field ? { field } : {});
}

function unknownOutcome(call: BraintreeCall, code: ErrorCode, message: string): Payment | Refund | TenderError {
  if (call.kind === 'payment') return { ...call.attempted, status: 'outcome_unknown' };
  if (call.kind === 'refund') return { ...call.attempted, status: 'outcome_unknown' };
  return new TenderError(code, message, { processorReached: call.kind === 'write' });
}

export function isErrorResult(value: unknown): value is WireErrorResult {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { success?: unknown; errors?: { deepErrors?: unknown } };
  return candidate.success === false && typeof candidate.errors?.deepErrors === 'function';
}

function scrubbed(error: unknown): string {
  return maskCardNumbers(error instanceof Error ? error.message : String(error));
}
