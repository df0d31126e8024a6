import type { CallContext } from '../server/call-context.js';
import type { Store } from '../store/types.js';
import { unsettledRef } from './unsettled-ref.js';

/**
 * True when this call (its tenant, method and idempotency key) had an unknown outcome
 * that is still being settled. A handler asks this only when a precondition it checks
 * against processor state fails (an invoice no longer open, a payment already refunded):
 * the call's own earlier attempt may be what changed that state, so the call is re-sent
 * under the same processor key and the processor answers with what that attempt did.
 * Asked on that failure path only, so it costs nothing on the normal one.
 */
export async function isBeingSettled(store: Store, call: CallContext, idempotencyKey: string): Promise<boolean> {
  const tenant = call.principal.tenant;
  const found = await store.unsettled.get(tenant, unsettledRef(tenant, call.method, idempotencyKey));
  return found?.state === 'pending';
}
