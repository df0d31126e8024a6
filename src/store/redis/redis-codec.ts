import { TenderError } from '../../core/errors.js';
import type { DirectoryCustomer } from '../customer-directory.js';
import { checkedCustomer } from '../directory-rules.js';
import type { IdempotencyRecord, TenderEvent } from '../types.js';

/**
 * JSON forms of what the Redis store keeps. Decoding checks the shape, because a key
 * written by another version or by hand must fail loudly (internal), not replay garbage
 * to a caller.
 */

export function encodeRecord(record: IdempotencyRecord): string {
  return JSON.stringify(record);
}

export function decodeRecord(json: unknown): IdempotencyRecord {
  const value = parse(json, 'idempotency record');
  const outcome = value.outcome as Record<string, unknown> | undefined;
  if (
    typeof value.fingerprint !== 'string' ||
    typeof value.completedAt !== 'number' ||
    typeof outcome !== 'object' ||
    outcome === null ||
    (outcome.kind !== 'response' && outcome.kind !== 'error')
  ) {
    throw malformed('idempotency record');
  }
  return value as unknown as IdempotencyRecord;
}

export function encodeEvent(event: TenderEvent): string {
  const { id: _assignedByLog, ...fields } = event;
  return JSON.stringify(fields);
}

export function decodeEvent(id: string, json: unknown): TenderEvent {
  const value = parse(json, 'event');
  if (typeof value.type !== 'string' || typeof value.tenant !== 'string' || typeof value.data !== 'object') {
    throw malformed('event');
  }
  return { ...(value as unknown as TenderEvent), id };
}

/** `customer` must already have passed checkedCustomer (directory-rules.ts). */
export function encodeCustomer(customer: DirectoryCustomer): string {
  return JSON.stringify(customer);
}

/** Held to the same rules as put(), so a stored record with a stray field never comes back. */
export function decodeCustomer(json: unknown): DirectoryCustomer {
  const value = parse(json, 'directory customer');
  try {
    return checkedCustomer(value as unknown as DirectoryCustomer);
  } catch {
    throw malformed('directory customer');
  }
}

function parse(json: unknown, what: string): Record<string, unknown> {
  if (typeof json !== 'string') throw malformed(what);
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value === 'object' && value !== null) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw malformed(what);
}

function malformed(what: string): TenderError {
  return new TenderError('internal', `store holds a malformed ${what}`);
}
