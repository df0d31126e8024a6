import { containsCardNumber } from '../core/card-number.js';
import { TenderError, invalidField } from '../core/errors.js';
import type { ChargeResult, ClaimOptions, NewHostedLink } from './payment-link-store.js';

/**
 * What both payment-link stores check, so that memory and Redis accept the same links
 * and claims (store-contract-links.ts holds both to it).
 */

/** base64url of at least 96 random bits; the Redis key embeds it, so nothing else is allowed. */
const LINK_ID = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * How long a link is kept after it expires, so GetPaymentLink can still report how it
 * ended (a caller may ask the next day whether it was paid).
 */
export const LINK_RETENTION_MS = 30 * 24 * 3_600_000;

export function isLinkId(id: unknown): id is string {
  return typeof id === 'string' && LINK_ID.test(id);
}

export function checkLinkId(id: string): string {
  if (!isLinkId(id)) throw invalidField('id', 'not a payment link id');
  return id;
}

/**
 * A copy holding exactly the link's fields, or invalid_argument. Checked at run time
 * because a wider object can pass the type, and nothing card-like may be stored.
 */
export function checkedNewLink(link: NewHostedLink): NewHostedLink {
  const { id, tenant, accountId, amount, customerId, description, savePaymentMethod, createdAt, expiresAt } = link;
  checkLinkId(id);
  for (const [field, value] of [['tenant', tenant], ['accountId', accountId]] as const) {
    if (typeof value !== 'string' || value === '') throw invalidField(field, 'must be a non-empty string');
  }
  for (const [field, value] of [['customerId', customerId], ['description', description]] as const) {
    if (typeof value !== 'string') throw invalidField(field, 'must be a string');
    if (containsCardNumber(value)) throw invalidField(field, 'must not contain a card number');
  }
  if (!Number.isSafeInteger(amount?.amount) || amount.amount <= 0 || !/^[A-Z]{3}$/.test(amount.currency)) {
    throw invalidField('amount', 'must be positive minor units and an ISO 4217 code');
  }
  if (typeof savePaymentMethod !== 'boolean') throw invalidField('savePaymentMethod', 'must be a boolean');
  if (!Number.isSafeInteger(createdAt) || !Number.isSafeInteger(expiresAt) || expiresAt <= createdAt) {
    throw invalidField('expiresAt', 'must be epoch milliseconds after createdAt');
  }
  return {
    id, tenant, accountId, amount: { amount: amount.amount, currency: amount.currency },
    customerId, description, savePaymentMethod, createdAt, expiresAt,
  };
}

export function checkedClaim(options: ClaimOptions): ClaimOptions {
  const { nonce, leaseMs, maxFailures } = options;
  if (nonce !== undefined && (typeof nonce !== 'string' || nonce === '')) throw invalidField('nonce', 'must be a non-empty string');
  if (!Number.isSafeInteger(leaseMs) || leaseMs <= 0) throw invalidField('leaseMs', 'must be a positive integer');
  if (!Number.isSafeInteger(maxFailures) || maxFailures < 1) throw invalidField('maxFailures', 'must be a positive integer');
  return { ...(nonce === undefined ? {} : { nonce }), leaseMs, maxFailures };
}

const RESULT_KINDS: ReadonlySet<string> = new Set<ChargeResult['kind']>(['completed', 'failed', 'not_sent', 'unknown']);

export function checkedChargeResult(result: ChargeResult): ChargeResult {
  if (!RESULT_KINDS.has(result?.kind)) throw invalidField('result', 'not a charge result');
  if (result.kind === 'completed' && (typeof result.paymentId !== 'string' || result.paymentId === '')) {
    throw invalidField('paymentId', 'required for a completed charge');
  }
  return result;
}

export function linkIdTaken(): TenderError {
  return new TenderError('already_exists', 'payment link id already exists');
}
