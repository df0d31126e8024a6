import { createHash } from 'node:crypto';

/** The local id of a payment whose outcome is unknown starts with this. */
export const UNSETTLED_PREFIX = 'unsettled_';

/**
 * The reference of a call whose outcome is unknown: deterministic in (tenant, method,
 * idempotency key), like the processor key (src/core/processor-key.ts), so every retry of
 * the call that is again unknown names the same record and the caller holds one id for
 * it. It is a valid local id (src/core/ids.ts) no processor's ids look like, so GetPayment
 * tells it from a processor's payment id without asking anyone.
 */
export function unsettledRef(tenant: string, method: string, idempotencyKey: string): string {
  const digest = createHash('sha256').update(`unsettled\0${tenant}\0${method}\0${idempotencyKey}`).digest('base64url');
  return `${UNSETTLED_PREFIX}${digest.slice(0, 32)}`;
}

export function isUnsettledRef(localId: string): boolean {
  return localId.startsWith(UNSETTLED_PREFIX);
}
