import type { Logger } from 'pino';
import type { CallContext } from '../server/call-context.js';
import type { UnsettledCall } from '../store/unsettled-calls.js';

/** The API key id events and logs name for what the reconciler does. */
export const RECONCILER_KEY_ID = 'tender-reconciler';

/**
 * The CallContext of the reconciler's re-run of a call: the original tenant and method
 * (they scope the idempotency key and derive the processor key, so both must be the
 * caller's), an identity of its own for the audit trail, and a signal that ends the
 * re-run when the reconciler stops.
 */
export function systemCall(unsettled: UnsettledCall, logger: Logger, signal: AbortSignal): CallContext {
  const requestId = `reconcile-${unsettled.ref}-${unsettled.attempts + 1}`;
  return {
    method: unsettled.method,
    principal: { keyId: RECONCILER_KEY_ID, tenant: unsettled.tenant, scopes: new Set(['*']) },
    signal,
    requestId,
    logger: logger.child({ method: unsettled.method, tenant: unsettled.tenant, requestId, ref: unsettled.ref }),
    setHeader: () => {},
  };
}
