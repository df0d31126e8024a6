import { createHash, createHmac } from 'node:crypto';
import { dayOf } from './calendar.js';
import { notFound } from './errors.js';
import type { SandboxSubscription } from './records.js';
import { renderSubscription } from './resources/subscriptions.js';
import { decimal, renderTransaction } from './resources/transaction-xml.js';
import type { BraintreeState } from './state.js';
import { XmlArray, dateOnly, element } from './xml.js';

/**
 * Webhook notifications as Braintree signs them (processor-wire.md, "Webhooks"):
 * `bt_payload` is the base64 of a `<notification>` (timestamp, kind, subject) with a
 * trailing newline, and `bt_signature` is `publicKey|hex(HMAC-SHA1(key = SHA-1 of the
 * private key, data = bt_payload))`, exactly what `gateway.webhookNotification.parse`
 * verifies. A delivery is form-encoded `bt_signature=...&bt_payload=...`.
 */
export interface SignedNotification {
  kind: string;
  subjectId: string;
  timestamp: Date;
  bt_signature: string;
  bt_payload: string;
}

export function signPayload(state: Pick<BraintreeState, 'publicKey' | 'privateKey'>, payload: string): string {
  const key = createHash('sha1').update(state.privateKey).digest();
  return `${state.publicKey}|${createHmac('sha1', key).update(payload).digest('hex')}`;
}

export function signNotification(state: BraintreeState, kind: string, subjectId: string, subjectXml: string): SignedNotification {
  const timestamp = state.clock.now();
  const xml = `<notification>${element('timestamp', timestamp)}${element('kind', kind)}<subject>${subjectXml}</subject></notification>`;
  const payload = `${Buffer.from(xml).toString('base64')}\n`;
  return { kind, subjectId, timestamp, bt_signature: signPayload(state, payload), bt_payload: payload };
}

/** The form body a Braintree webhook delivery carries. */
export function deliveryBody(notification: Pick<SignedNotification, 'bt_signature' | 'bt_payload'>): string {
  return new URLSearchParams({ bt_signature: notification.bt_signature, bt_payload: notification.bt_payload }).toString();
}

/** Adds a notification about a subscription to the outbox, as Braintree would send it. */
export function emitSubscriptionNotification(state: BraintreeState, kind: string, subscription: SandboxSubscription): void {
  state.notifications.push(notificationFor(state, kind, subscription.id));
}

const SUBSCRIPTION_KINDS = new Set([
  'subscription_canceled', 'subscription_charged_successfully', 'subscription_charged_unsuccessfully',
  'subscription_expired', 'subscription_trial_ended', 'subscription_went_active', 'subscription_went_past_due',
  'subscription_billing_skipped',
]);
const TRANSACTION_KINDS = new Set(['transaction_settled', 'transaction_settlement_declined', 'transaction_disbursed', 'refund_failed']);

/**
 * A signed notification of `kind` about the sandbox object `id` as it is now (a
 * subscription, a transaction or refund), or a disbursement of the settled
 * transactions, or Braintree's `check`. Throws notFound for an unknown object.
 */
export function notificationFor(state: BraintreeState, kind: string, id: string): SignedNotification {
  if (SUBSCRIPTION_KINDS.has(kind)) {
    const subscription = state.subscriptions.get(id);
    if (!subscription) throw notFound();
    return signNotification(state, kind, id, element('subscription', renderSubscription(state, subscription)));
  }
  if (TRANSACTION_KINDS.has(kind)) {
    const tx = state.transactions.get(id);
    if (!tx) throw notFound();
    return signNotification(state, kind, id, element('transaction', renderTransaction(state, tx)));
  }
  if (kind === 'disbursement') return signNotification(state, kind, id, disbursementXml(state, id));
  if (kind === 'check') return signNotification(state, kind, '', element('check', true));
  throw new TypeError(`unsupported notification kind "${kind}"`);
}

function disbursementXml(state: BraintreeState, id: string): string {
  const settled = [...state.transactions.values()].filter((tx) => tx.status === 'settled' && tx.type === 'sale');
  const total = settled.reduce((sum, tx) => sum + tx.amount, 0);
  return element('disbursement', {
    id,
    'transaction-ids': new XmlArray('item', settled.map((tx) => tx.id)),
    success: true,
    retry: false,
    'merchant-account': {
      id: state.merchantAccountId,
      'currency-iso-code': state.currency,
      'sub-merchant-account': false,
      status: 'active',
    },
    amount: decimal(total, state.currency),
    'disbursement-date': dateOnly(dayOf(state.clock.now())),
    'exception-message': null,
    'follow-up-action': null,
  });
}
