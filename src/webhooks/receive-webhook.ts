import type { Logger } from 'pino';
import { TenderError } from '../core/errors.js';
import type { ProcessorNotification, WebhookDelivery } from '../core/processor-port.js';
import type { AccountEntry } from '../api/registry.js';
import type { Store } from '../store/types.js';

/** How long a notification id is remembered: processors retry deliveries for 3 days. */
const DEDUPE_RETENTION_MS = 4 * 24 * 3_600_000;
const LEASE_MS = 30_000;

export interface WebhookResult {
  /** Notifications new to Tender and recorded now. */
  recorded: number;
  /** Redeliveries of notifications already recorded. */
  duplicates: number;
}

/**
 * Receives one webhook delivery for an account, following the production pattern in
 * payments-domain.md ("Webhooks"): verify on the raw body (the adapter does, and throws
 * 'unauthenticated' otherwise), dedupe on the processor's notification id (processors
 * redeliver for days, and Braintree signs no timestamp, so replays are stopped here),
 * record, then acknowledge. Each new notification becomes an audit event for every
 * tenant that uses the account.
 */
export async function receiveWebhook(
  deps: { store: Store; tenantsOf(accountId: string): string[]; logger: Logger },
  account: AccountEntry,
  delivery: WebhookDelivery,
): Promise<WebhookResult> {
  if (!account.adapter.parseWebhook) {
    throw new TenderError('unimplemented', `account ${account.id} does not receive webhooks`);
  }
  const notifications = await account.adapter.parseWebhook(delivery);
  const result: WebhookResult = { recorded: 0, duplicates: 0 };
  for (const notification of notifications) {
    if (await recordOnce(deps, account, notification)) result.recorded += 1;
    else result.duplicates += 1;
  }
  return result;
}

async function recordOnce(
  deps: { store: Store; tenantsOf(accountId: string): string[]; logger: Logger },
  account: AccountEntry,
  notification: ProcessorNotification,
): Promise<boolean> {
  const scope = `webhook:${account.id}`;
  const begun = await deps.store.idempotency.begin(scope, notification.id, notification.type, LEASE_MS);
  if (begun.state !== 'acquired') return false;
  try {
    const at = notification.occurredAt?.getTime() ?? Date.now();
    for (const tenant of deps.tenantsOf(account.id)) {
      await deps.store.events.append({
        type: notification.type,
        tenant,
        accountId: account.id,
        at,
        data: { ...notification.data, subjectId: notification.subjectId, notificationId: notification.id, source: 'webhook' },
      });
    }
  } catch (error) {
    await deps.store.idempotency.release(scope, notification.id, begun.token);
    throw error;
  }
  await deps.store.idempotency.complete(scope, notification.id, begun.token, {
    fingerprint: notification.type,
    outcome: { kind: 'response', body: '' },
    completedAt: Date.now(),
  }, DEDUPE_RETENTION_MS);
  deps.logger.info({ accountId: account.id, type: notification.type, subjectId: notification.subjectId }, 'webhook recorded');
  return true;
}
