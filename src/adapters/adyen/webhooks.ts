import { TenderError } from '../../core/errors.js';
import type { ProcessorAdapter, WebhookDelivery } from '../../core/processor-port.js';
import type { PaymentLedger } from './ledger.js';
import { hmacValidator } from './sdk.js';
import { applyToLedger, notificationsOf } from './webhook-mapping.js';
import type { WireNotificationItem } from './wire.js';

export interface WebhookSettings {
  /** The webhook's HMAC key as Adyen's Customer Area shows it (hex). */
  hmacKeyHex: string;
  /** The key being rotated out: accepted too until the rotation is done. */
  previousHmacKeyHex?: string;
  ledger: PaymentLedger;
  captureDelayed: boolean;
}

type ItemToVerify = Parameters<InstanceType<typeof hmacValidator>['validateHMAC']>[0];

/**
 * Standard notifications (JSON): `{"live":..., "notificationItems":[{"NotificationRequestItem":{...}}]}`.
 * Adyen signs each item, not the body (payments-domain.md, Webhooks): every item must
 * verify with the SDK's hmacValidator under the current key or, during a rotation, the
 * previous one, or the whole delivery is refused as unauthenticated and nothing of it
 * is used. The caller stores, acknowledges ("[accepted]") and then processes.
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
    for (const item of items) applyToLedger(settings.ledger, item, settings.captureDelayed);
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
