import { TenderError, isTenderError } from '../../core/errors.js';
import type { ProcessorAdapter, WebhookDelivery } from '../../core/processor-port.js';
import type { PaymentLedger } from '../../store/payment-ledger.js';
import { hmacValidator } from './sdk.js';
import { applyToLedger, notificationsOf } from './webhook-mapping.js';
import type { WireNotificationItem } from './wire.js';

export interface WebhookSettings {
  /** The webhook's HMAC key as Adyen's Customer Area shows it (hex). */
  hmacKeyHex: string;
  /** The key being rotated out: accepted too until the rotation is done. */
  previousHmacKeyHex?: string;
  ledger: PaymentLedger;
  /** The ledger's partition: the Tender account this adapter serves. */
  accountId: string;
  captureDelayed: boolean;
}

type ItemToVerify = Parameters<InstanceType<typeof hmacValidator>['validateHMAC']>[0];

/**
 * Standard notifications (JSON): `{"live":..., "notificationItems":[{"NotificationRequestItem":{...}}]}`.
 * Adyen signs each item, not the body (payments-domain.md, Webhooks): every item must
 * verify with the SDK's hmacValidator under the current key or, during a rotation, the
 * previous one, or the whole delivery is refused as unauthenticated and nothing of it
 * is used. The caller stores, acknowledges ("[accepted]") and then processes.
 *
 * Each verified item updates the payment ledger first. A store that cannot be reached
 * fails the whole delivery (unavailable): it is not acknowledged, Adyen delivers it
 * again, and the ledger's updates are idempotent. An item the ledger refuses
 * (invalid_argument: say a refund of no amount) is still returned, and so recorded as
 * an event: refusing it would only make Adyen redeliver it forever.
 */
export function webhookParser(settings: WebhookSettings): NonNullable<ProcessorAdapter['parseWebhook']> {
  const validator = new hmacValidator();
  const keys = [settings.hmacKeyHex, settings.previousHmacKeyHex].filter((key): key is string => Boolean(key));
  const verifies = (item: WireNotificationItem) =>
    keys.some((key) => {
      try {
        return validator.validateHMAC(item as unknown as ItemToVerify, key);
      } catch {
        // The SDK throws when the item carries no hmacSignature at all.
        return false;
      }
    });

  return async (delivery: WebhookDelivery) => {
    const items = itemsOf(delivery.rawBody);
    if (!items.every(verifies)) throw new TenderError('unauthenticated', 'Adyen notification HMAC signature does not verify');
    for (const item of items) {
      await applyToLedger(settings.ledger, settings.accountId, item, settings.captureDelayed).catch((error: unknown) => {
        if (!isTenderError(error) || error.code !== 'invalid_argument') throw error;
      });
    }
    return items.flatMap(notificationsOf);
  };
}

function itemsOf(rawBody: Buffer): WireNotificationItem[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new TenderError('invalid_argument', 'Adyen notification body is not JSON');
  }
  const containers = (parsed as { notificationItems?: unknown } | null)?.notificationItems;
  if (!Array.isArray(containers) || containers.length === 0) {
    throw new TenderError('invalid_argument', 'Adyen notification body has no notificationItems');
  }
  return containers.map((container) => {
    const item = (container as { NotificationRequestItem?: WireNotificationItem } | null)?.NotificationRequestItem;
    if (!item || typeof item.pspReference !== 'string' || typeof item.eventCode !== 'string' || !item.amount) {
      throw new TenderError('invalid_argument', 'Adyen notification item is incomplete');
    }
    return item;
  });
}
