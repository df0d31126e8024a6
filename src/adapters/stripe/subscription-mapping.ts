import type { ProrationChoice } from '../../core/processor-port.js';
import type { BillingInterval, Plan, Subscription, SubscriptionStatus } from '../../core/types.js';
import { dateOf, idOf, moneyOf } from './mapping.js';
import type { WirePrice, WireSubscription } from './wire.js';

/** Pure translation of Stripe prices and subscriptions (see mapping.ts for the rest). */

const INTERVALS: ReadonlySet<string> = new Set(['day', 'week', 'month', 'year']);

/** Nickname first (what the merchant called this price), then the product's name. */
export function mapPrice(wire: WirePrice): Plan {
  const product = typeof wire.product === 'string' ? undefined : wire.product;
  const interval = wire.recurring?.interval ?? 'month';
  return {
    id: wire.id,
    name: wire.nickname || product?.name || wire.id,
    amount: moneyOf(wire.unit_amount ?? 0, wire.currency),
    interval: (INTERVALS.has(interval) ? interval : 'month') as BillingInterval,
    intervalCount: wire.recurring?.interval_count ?? 1,
  };
}

/** Only flat recurring prices can be offered as a plan with one amount. */
export function isPlanPrice(wire: WirePrice): boolean {
  return wire.unit_amount !== null && wire.recurring !== null && INTERVALS.has(wire.recurring.interval);
}

const SUBSCRIPTION_STATUSES: Readonly<Record<string, SubscriptionStatus>> = {
  active: 'active',
  trialing: 'trialing',
  past_due: 'past_due',
  canceled: 'canceled',
  unpaid: 'unpaid',
  incomplete: 'incomplete',
  // The first invoice was never paid: Stripe ended the subscription.
  incomplete_expired: 'canceled',
  paused: 'paused',
};

/** Stripe's subscription status in neutral terms; one this version does not know reads as incomplete. */
export function subscriptionStatusOf(status: string): SubscriptionStatus {
  return SUBSCRIPTION_STATUSES[status] ?? 'incomplete';
}

/** Tender subscriptions carry one plan: Stripe's first subscription item. */
export function mapSubscription(wire: WireSubscription): Subscription {
  const item = wire.items.data[0];
  const subscription: Subscription = {
    id: wire.id,
    customerId: idOf(wire.customer),
    status: subscriptionStatusOf(wire.status),
    plan: item
      ? mapPrice(item.price)
      : { id: '', name: '', amount: moneyOf(0, 'usd'), interval: 'month', intervalCount: 1 },
    cancelAtPeriodEnd: wire.cancel_at_period_end,
    paymentMethodId: idOf(wire.default_payment_method),
  };
  const periodEnd = dateOf(item?.current_period_end);
  if (periodEnd) subscription.currentPeriodEnd = periodEnd;
  const canceledAt = dateOf(wire.canceled_at);
  if (canceledAt) subscription.canceledAt = canceledAt;
  return subscription;
}

/** https://docs.stripe.com/billing/subscriptions/prorations: `default` leaves Stripe's own. */
export function prorationBehaviorOf(
  choice: ProrationChoice,
): 'create_prorations' | 'none' | 'always_invoice' | undefined {
  switch (choice) {
    case 'prorate':
      return 'create_prorations';
    case 'none':
      return 'none';
    case 'prorate_and_invoice_now':
      return 'always_invoice';
    default:
      return undefined;
  }
}
