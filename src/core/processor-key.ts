import { createHash } from 'node:crypto';

/**
 * The idempotency key Tender forwards to a processor. It is derived, not the caller's
 * key itself, because:
 * - keys are scoped per tenant in Tender, but a processor account may serve several
 *   tenants: two tenants' identical keys must not collide at the processor;
 * - the same caller key on two RPCs must not collide either;
 * - processors bound the length (Adyen: 64 characters) and charset.
 * It is deterministic, so a retry after a crash forwards the same key and the
 * processor deduplicates: the processor's key is the only fence Redis cannot give
 * (payments-domain.md, "Redis").
 */
export function deriveProcessorKey(tenant: string, method: string, callerKey: string): string {
  const digest = createHash('sha256').update(`${tenant}\0${method}\0${callerKey}`).digest('base64url');
  return `tnd_${digest.slice(0, 40)}`;
}
