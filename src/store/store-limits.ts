import { TenderError, invalidField } from '../core/errors.js';

/**
 * Bounds shared by every Store implementation, so that memory and Redis answer the same
 * calls the same way (the shared contract in store-contract.ts holds both to it).
 */

/** Events kept per tenant. The Redis stream trims to about this many (XADD MAXLEN ~). */
export const EVENT_LOG_CAP_PER_TENANT = 100_000;
/** Events returned by one read when the caller names no limit. */
export const DEFAULT_EVENT_READ_LIMIT = 100;
/** Largest page one read returns; larger limits are clamped, not refused. */
export const MAX_EVENT_READ_LIMIT = 1_000;

/** The page size for one event read: a positive integer, clamped to the maximum. */
export function eventReadLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_EVENT_READ_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new TenderError('invalid_argument', 'limit: must be a positive integer', { field: 'limit' });
  }
  return Math.min(limit, MAX_EVENT_READ_LIMIT);
}

/**
 * A lease or retention period in whole milliseconds. Zero or negative would make Redis
 * delete the key at once (PEXPIRE), silently turning a lease into no lease at all.
 */
export function positiveMs(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw invalidField(name, 'must be a positive number of milliseconds');
  return Math.ceil(value);
}

/** Raised when complete() is handed a record for another request than the one leased. */
export function fingerprintChanged(): TenderError {
  return new TenderError('internal', 'idempotency record fingerprint differs from the leased request');
}

/** Raised when `after` is not an id this log hands out. */
export function invalidEventId(): TenderError {
  return new TenderError('invalid_argument', 'after: not an event id', { field: 'after' });
}
