import { maskCardNumbers } from '../core/card-number.js';
import { invalidField } from '../core/errors.js';
import type { UnsettledCall, UnsettledState } from './unsettled-calls.js';
import { positiveMs } from './store-limits.js';

/**
 * What both unsettled-call stores check, so that memory and Redis accept and refuse the
 * same calls (store-contract-unsettled.ts holds both to it).
 */

/**
 * Most calls one claim hands out; a larger max is clamped, not refused (claimDue returns
 * "up to max"). Keeps one Redis script, and one reconciler pass, short.
 */
export const MAX_CLAIM = 1_000;

const STATES: ReadonlySet<UnsettledState> = new Set(['pending', 'settled', 'abandoned']);
const FIELDS: ReadonlySet<string> = new Set([
  'tenant', 'ref', 'accountId', 'method', 'idempotencyKey', 'request', 'limitTicket', 'createdAt', 'attempts', 'dueAt',
  'state', 'response', 'updatedAt',
]);

/** The memory store's slot for a call: JSON keeps (tenant, ref) pairs apart whatever they contain. */
export function unsettledSlot(tenant: string, ref: string): string {
  return JSON.stringify([nonEmpty('tenant', tenant), nonEmpty('ref', ref)]);
}

/** `value` when it is a non-empty string, else invalid_argument naming `field`. */
export function nonEmpty(field: string, value: string): string {
  if (typeof value !== 'string' || value === '') throw invalidField(field, 'must be a non-empty string');
  return value;
}

/**
 * A copy holding exactly the call's fields, or invalid_argument naming the field.
 * Checked at run time because a wider object can pass the type: a stray property (a
 * card number, a decline code) is refused rather than stored.
 */
export function checkedUnsettledCall(call: UnsettledCall): UnsettledCall {
  if (typeof call !== 'object' || call === null) throw invalidField('call', 'must be an object');
  const stray = Object.keys(call).filter((key) => !FIELDS.has(key));
  if (stray.length > 0) {
    const named = maskCardNumbers(stray.map((key) => JSON.stringify(key)).join(', '));
    throw invalidField('call', `unexpected field ${named}; only ${[...FIELDS].join(', ')} are allowed`);
  }
  const { tenant, ref, accountId, method, idempotencyKey, request, limitTicket, createdAt, attempts, dueAt, state, response, updatedAt } = call;
  nonEmpty('call.tenant', tenant);
  nonEmpty('call.ref', ref);
  for (const [name, value] of Object.entries({ accountId, method, idempotencyKey, request })) {
    if (typeof value !== 'string') throw invalidField(`call.${name}`, 'must be a string');
  }
  for (const [name, value] of Object.entries({ limitTicket, response })) {
    if (value !== undefined && typeof value !== 'string') throw invalidField(`call.${name}`, 'must be a string');
  }
  for (const [name, value] of Object.entries({ createdAt, dueAt, updatedAt })) {
    if (!Number.isSafeInteger(value)) throw invalidField(`call.${name}`, 'must be epoch milliseconds');
  }
  if (!Number.isSafeInteger(attempts) || attempts < 0) throw invalidField('call.attempts', 'must be a whole number, 0 or more');
  if (!STATES.has(state)) throw invalidField('call.state', 'must be pending, settled or abandoned');
  return {
    tenant, ref, accountId, method, idempotencyKey, request,
    ...(limitTicket === undefined ? {} : { limitTicket }),
    createdAt, attempts, dueAt, state,
    ...(response === undefined ? {} : { response }),
    updatedAt,
  };
}

/** add() stores new calls only, and a new call is one still to settle. */
export function checkedNewUnsettledCall(call: UnsettledCall): UnsettledCall {
  const checked = checkedUnsettledCall(call);
  if (checked.state !== 'pending') throw invalidField('call.state', 'a new call must be pending');
  return checked;
}

export interface ClaimArguments {
  tenant: string;
  now: number;
  max: number;
  holdMs: number;
  /** now + holdMs: the dueAt each claimed call gets. */
  heldUntil: number;
}

export function checkedClaim(tenant: string, now: number, max: number, holdMs: number): ClaimArguments {
  nonEmpty('tenant', tenant);
  if (!Number.isSafeInteger(now)) throw invalidField('now', 'must be epoch milliseconds');
  if (!Number.isInteger(max) || max < 1) throw invalidField('max', 'must be a whole number, 1 or more');
  const hold = positiveMs('holdMs', holdMs);
  return { tenant, now, max: Math.min(max, MAX_CLAIM), holdMs: hold, heldUntil: now + hold };
}
