/**
 * One error type with a closed set of codes. Expected payment outcomes (declines,
 * authentication required, unknown outcome) are values, not errors: a TenderError is
 * for a request that cannot be served (bad input, missing object, missing capability,
 * broken infrastructure). The gRPC layer maps each code to one status in one place
 * (src/server/status.ts).
 */
export type ErrorCode =
  | 'invalid_argument'
  | 'not_found'
  | 'already_exists'
  | 'failed_precondition'
  | 'unimplemented'
  | 'unauthenticated'
  | 'permission_denied'
  | 'resource_exhausted'
  | 'aborted'
  | 'unavailable'
  | 'deadline_exceeded'
  | 'internal';

export interface TenderErrorOptions {
  /** The request field the error is about, e.g. "amount.currency". */
  field?: string;
  /**
   * True when the processor may have acted on the request before it failed. The
   * idempotency layer never stores such a failure as final and never retries it under
   * a new processor key.
   */
  processorReached?: boolean;
  cause?: unknown;
}

export class TenderError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly processorReached: boolean;

  constructor(code: ErrorCode, message: string, options: TenderErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TenderError';
    this.code = code;
    this.field = options.field;
    this.processorReached = options.processorReached ?? false;
  }
}

export function isTenderError(value: unknown): value is TenderError {
  return value instanceof TenderError;
}

/** Shorthand for the most common case: a field that fails validation. */
export function invalidField(field: string, problem: string): TenderError {
  return new TenderError('invalid_argument', `${field}: ${problem}`, { field });
}
