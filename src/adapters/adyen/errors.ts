import { TenderError, type ErrorCode } from '../../core/errors.js';
import type { Payment, Refund } from '../../core/types.js';

/** What the failed call was, which decides what its failure means. */
export type AdyenCall =
  | { kind: 'read'; resourceField?: string }
  | { kind: 'write'; resourceField?: string }
  /** A charge; `attempted` is the payment as requested, without an id. */
  | { kind: 'payment'; attempted: Payment }
  | { kind: 'refund'; attempted: Refund; resourceField?: string };

/** The parts of the SDK's HttpClientException and ApiException that Tender reads. */
interface SdkFailure {
  name?: string;
  statusCode?: number;
  errorCode?: string;
  message?: string;
  responseHeaders?: Record<string, string | string[] | undefined>;
}

/** Error codes that mean "no such object" (803 stored method, 167 payment, 000 Not Found). */
const NOT_FOUND_CODES: ReadonlySet<string> = new Set(['803', '167']);

/** Adyen error codes to the Tender API field they are about. */
const FIELDS: Readonly<Record<string, string>> = {
  '100': 'amount.amount', '137': 'amount.amount', '138': 'amount.currency', '803': 'payment_method_id', '167': 'payment_id',
};

/**
 * The one factory that turns what an @adyen/api-library call threw into an outcome the
 * caller must act on (an unknown outcome) or a TenderError. Adyen refusals are not
 * errors (HTTP 200, resultCode Refused), so none arrives here.
 *
 * - No answer (ApiException: timeout, refused or dropped connection), 5xx, and a 422
 *   704 marked `Transient-Error` (the same Idempotency-Key still running at Adyen) leave
 *   a charge or refund `outcome_unknown`, never declined (payments-domain.md): a retry
 *   with the same key settles it.
 * - 704 without `Transient-Error`: the key was used for another request.
 * - 401/403: the account's credentials or merchant account are refused.
 * Adyen's message is kept, minus anything shaped like a key or a card number; the SDK
 * error is not attached as `cause`, since its response body and headers would travel on.
 */
export function outcomeOfAdyenError(error: unknown, call: Extract<AdyenCall, { kind: 'payment' }>): Payment | TenderError;
export function outcomeOfAdyenError(error: unknown, call: Extract<AdyenCall, { kind: 'refund' }>): Refund | TenderError;
export function outcomeOfAdyenError(error: unknown, call: AdyenCall): TenderError;
export function outcomeOfAdyenError(error: unknown, call: AdyenCall): Payment | Refund | TenderError {
  if (error instanceof TenderError) return error;
  const failure = (error ?? {}) as SdkFailure;
  if (failure.name === 'ApiException' && failure.statusCode === 401) {
    return new TenderError('unavailable', 'Adyen API key missing for this account');
  }
  if (failure.name !== 'HttpClientException') {
    // ApiException is the SDK's wrapper for socket errors and timeouts.
    const network = failure.name === 'ApiException' || /connection was terminated/i.test(failure.message ?? '');
    if (!network && (call.kind === 'read' || call.kind === 'write')) {
      return new TenderError('internal', 'unexpected failure in the Adyen client', { processorReached: call.kind === 'write' });
    }
    return unknownOutcome(call, 'unavailable', `Adyen unreachable or not answering: ${scrub(failure.message ?? 'no response')}`);
  }
  const status = failure.statusCode ?? 500;
  const code = failure.errorCode ?? '';
  const said = `${scrub(failure.message ?? '')}${code ? ` (Adyen error ${code})` : ''}`;
  if (status === 401) return new TenderError('unavailable', 'Adyen refused the account\'s API key');
  if (status === 403) return new TenderError('unavailable', `Adyen refused the account's merchant account or permissions: ${said}`);
  if (status === 429) return new TenderError('unavailable', 'Adyen rate limit reached');
  if (status >= 500) return unknownOutcome(call, 'unavailable', `Adyen failing: ${said}`);
  if (code === '704') {
    if (headerOf(failure, 'transient-error') === 'true') {
      if (call.kind === 'payment' || call.kind === 'refund') return unknownOutcome(call, 'aborted', said);
      return new TenderError('aborted', `a request with the same key is still running at Adyen${suffix(code)}`, { processorReached: true });
    }
    return new TenderError('failed_precondition', `idempotency key already used at Adyen for a different request${suffix(code)}`);
  }
  const field = FIELDS[code] ?? (call.kind === 'payment' ? undefined : call.resourceField);
  if (status === 404 || NOT_FOUND_CODES.has(code)) {
    return new TenderError('not_found', `not found at Adyen: ${said}`, field ? { field } : {});
  }
  return new TenderError('invalid_argument', field ? `${field}: ${said}` : said, field ? { field } : {});
}

function unknownOutcome(call: AdyenCall, code: ErrorCode, message: string): Payment | Refund | TenderError {
  if (call.kind === 'payment') return { ...call.attempted, status: 'outcome_unknown' };
  if (call.kind === 'refund') return { ...call.attempted, status: 'outcome_unknown' };
  return new TenderError(code, message, { processorReached: call.kind === 'write' });
}

function headerOf(failure: SdkFailure, name: string): string | undefined {
  const value = failure.responseHeaders?.[name];
  return Array.isArray(value) ? value[0] : value;
}

function suffix(code: string): string {
  return ` (Adyen error ${code})`;
}

/** Drops anything shaped like an Adyen API key (AQE...) or a card number from Adyen's wording. */
export function scrub(message: string): string {
  return message.replace(/\bAQE[A-Za-z0-9_+/=.-]{8,}/g, '[redacted key]').replace(/\b\d(?:[ -]?\d){11,18}\b/g, '[redacted number]');
}
