import { newId, type StripeState } from './state.js';
import { API_VERSION, snapshot, type WireObject } from './wire.js';

/** The event types the sandbox creates (docs.stripe.com/api/events/types). */
export type StripeEventType =
  | 'checkout.session.completed'
  | 'checkout.session.expired'
  | 'payment_intent.succeeded'
  | 'payment_intent.payment_failed'
  | 'charge.refunded'
  | 'invoice.paid'
  | 'invoice.payment_failed'
  | 'customer.subscription.updated'
  | 'customer.subscription.deleted';

/** Stripe's `event` object (stripe-fixtures3.json "event"), as a snapshot event. */
export interface StripeEvent extends WireObject {
  object: 'event';
  api_version: string;
  created: number;
  data: { object: WireObject };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: StripeEventType;
}

/**
 * Records that something happened to an object, as Stripe does: a new event holding a
 * copy of the object as it is now (a later change does not alter it), kept in
 * `state.events` and handed to `state.onEvent`, which the server's webhook sender
 * delivers from (webhook-sender.ts). Called by the resources right after they change
 * the object, inside the request that changed it.
 */
export function emitEvent(state: StripeState, type: StripeEventType, object: WireObject): StripeEvent {
  const event: StripeEvent = {
    id: newId('evt'),
    object: 'event',
    api_version: API_VERSION,
    created: state.clock.now(),
    data: { object: snapshot(object) },
    livemode: false,
    pending_webhooks: 0,
    request: { id: null, idempotency_key: null },
    type,
  };
  state.events.set(event.id, event);
  state.onEvent(event);
  return event;
}
