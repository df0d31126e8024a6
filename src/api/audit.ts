import type { CallContext } from '../server/call-context.js';
import type { ApiDeps } from './deps.js';
import type { AccountEntry } from './registry.js';

/**
 * Appends one audit event for a money movement or a change operations may review.
 * Events carry ids, amounts, statuses and decline reasons, never card data. An event
 * that cannot be written is logged and does not fail the call: the money has already
 * moved, and the processor's records remain the source of truth.
 */
export async function audit(
  deps: ApiDeps,
  call: CallContext,
  account: Pick<AccountEntry, 'id'>,
  type: string,
  data: Record<string, string | number | boolean>,
): Promise<void> {
  try {
    await deps.store.events.append({
      type,
      tenant: call.principal.tenant,
      accountId: account.id,
      at: Date.now(),
      data: { ...data, apiKeyId: call.principal.keyId, requestId: call.requestId },
    });
  } catch (error) {
    call.logger.error({ err: error, eventType: type }, 'audit event could not be written');
  }
}
