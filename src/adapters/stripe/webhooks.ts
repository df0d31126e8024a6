import Stripe from 'stripe';
import { TenderError } from '../../core/errors.js';
import type { ProcessorAdapter, ProcessorNotification, WebhookDelivery } from '../../core/processor-port.js';
import type { StripeDeps } from './calls.js';
import { readSettledLink } from './payment-links.js';
import { notificationsOf } from './webhook-mapping.js';
import type { WireEvent } from './wire.js';

/**
 * How old a signed delivery may be, in seconds: Stripe's own default, which its
 * libraries apply to stop replays of a captured delivery (processor-wire.md, Webhooks).
 */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * Stripe webhooks: `Stripe-Signature: t=<unix>,v1=<hex>`, an HMAC-SHA256 keyed by the
 * endpoint's whole signing secret (`whsec_...`) over `<t>.<raw body>`. The SDK checks it
 * (`webhooks.constructEventAsync`: any v1 may match, and `t` no older than 300 s) on the
 * exact bytes received; a delivery that does not verify is refused as unauthenticated
 * and nothing of it is read. A verified body that is not an event is invalid_argument.
 *
 * Events are not ordered and are redelivered for days (payments-domain.md, Webhooks): the
 * receiver deduplicates on the event id, and a decision about money is taken on the
 * current state, never on the event's snapshot. That decision is the invoice-link fence
 * (invoice-settlement.ts): a completed Checkout Session reads its link as Stripe has it
 * now and settles its invoice exactly as reading the link does (readSettledLink), so an
 * invoice paid through a link is settled even when nobody reads the link or pays the
 * invoice. A failure to reach Stripe fails the delivery, which Stripe then redelivers;
 * the fence's keys make every run send the same requests.
 */
export function webhookParser(deps: StripeDeps, webhookSecret: string): NonNullable<ProcessorAdapter['parseWebhook']> {
  return async (delivery) => {
    const event = await verifiedEvent(deps.stripe, delivery, webhookSecret);
    let notifications: ProcessorNotification[];
    try {
      notifications = notificationsOf(event);
    } catch {
      throw new TenderError('invalid_argument', `Stripe event ${event.id} (${event.type}) does not carry the object its type names`);
    }
    if (event.type === 'checkout.session.completed') await settleCompletedLink(deps, event.data.object.id, notifications);
    return notifications;
  };
}

async function verifiedEvent(stripe: Stripe, delivery: WebhookDelivery, secret: string): Promise<WireEvent> {
  const header = delivery.headers['stripe-signature'];
  if (!header) throw new TenderError('unauthenticated', 'not a Stripe webhook delivery: the Stripe-Signature header is missing');
  let parsed: unknown;
  try {
    parsed = await stripe.webhooks.constructEventAsync(delivery.rawBody, header, secret, SIGNATURE_TOLERANCE_SECONDS);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
      throw new TenderError('unauthenticated', `Stripe-Signature does not verify, or is older than ${SIGNATURE_TOLERANCE_SECONDS} s`);
    }
    throw new TenderError('invalid_argument', 'Stripe webhook body is not JSON');
  }
  if (!isEvent(parsed)) throw new TenderError('invalid_argument', 'Stripe webhook body is not an event');
  return parsed;
}

function isEvent(value: unknown): value is WireEvent {
  const event = value as Partial<WireEvent> | null;
  return (
    typeof event?.id === 'string' &&
    typeof event.type === 'string' &&
    typeof event.created === 'number' &&
    typeof event.data?.object?.id === 'string'
  );
}

/**
 * Runs the fence for a completed link. When the fence finds the link's payment duplicates
 * the invoice's and Stripe refuses to refund it, a person must return the money: the
 * notification is still recorded, saying so, since redelivering it would change nothing.
 */
async function settleCompletedLink(deps: StripeDeps, sessionId: string, notifications: ProcessorNotification[]): Promise<void> {
  try {
    await readSettledLink(deps, sessionId);
  } catch (error) {
    if (!(error instanceof TenderError) || error.code !== 'failed_precondition') throw error;
    for (const notification of notifications) notification.data.settlementRefused = error.message;
  }
}
