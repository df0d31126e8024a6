import type { ProrationChoice } from '../../core/processor-port.js';
import type { PastDueSubscription, Plan, Subscription, SubscriptionStatus } from '../../core/types.js';
import { dateOf, moneyOf } from './mapping.js';
import type { WirePlan, WireSubscription } from './wire.js';

/** Pure translation of Braintree plans and subscriptions (see mapping.ts for the rest). */

/** Braintree bills every `billingFrequency` months; twelve of them read as a year. */
export function mapPlan(wire: WirePlan, currency: string): Plan {
  const months = wire.billingFrequency ?? 1;
  const yearly = months % 12 === 0;
  return {
    id: wire.id,
    name: wire.name || wire.id,
    amount: moneyOf(wire.price, wire.currencyIsoCode || currency),
    interval: yearly ? 'year' : 'month',
    intervalCount: yearly ? months / 12 : months,
  };
}

const STATUSES: Readonly<Record<string, SubscriptionStatus>> = {
  Active: 'active',
  'Past Due': 'past_due',
  Canceled: 'canceled',
  // It ran its number of billing cycles: it has ended, as a canceled one has.
  Expired: 'canceled',
  // Its first billing date is still ahead: it exists but has not started.
  Pending: 'incomplete',
};

export function subscriptionStatusOf(wire: WireSubscription): SubscriptionStatus {
  if (wire.status === 'Active' && wire.trialPeriod === true && (wire.currentBillingCycle ?? 0) === 0) return 'trialing';
  return STATUSES[wire.status] ?? 'incomplete';
}

/**
 * Braintree has no "cancel at period end". What it has is a number of billing cycles
 * after which the subscription expires instead of billing again: a subscription whose
 * number of billing cycles is its current cycle ends when this period ends, with no
 * further charge. That is what Tender calls cancel at period end (subscriptions.ts sets
 * it), and this reads it back, whoever set it.
 */
export function cancelsAtPeriodEnd(wire: WireSubscription): boolean {
  if (wire.status !== 'Active' && wire.status !== 'Past Due') return false;
  if (wire.neverExpires !== false || wire.numberOfBillingCycles == null || wire.currentBillingCycle == null) return false;
  return wire.currentBillingCycle >= wire.numberOfBillingCycles;
}

/**
 * A subscription names its payment method, not its customer: the caller knows the
 * customer. The plan reads at the subscription's own price, which may differ from the
 * plan's list price. The period ends when the next billing date begins.
 */
export function mapSubscription(
  wire: WireSubscription,
  customerId: string,
  plans: ReadonlyMap<string, WirePlan>,
  currency: string,
): Subscription {
  const listed = plans.get(wire.planId);
  const plan = listed ? mapPlan(listed, currency) : { id: wire.planId, name: wire.planId, interval: 'month' as const, intervalCount: 1 };
  const subscription: Subscription = {
    id: wire.id,
    customerId,
    status: subscriptionStatusOf(wire),
    plan: { ...plan, amount: moneyOf(wire.price, listed?.currencyIsoCode || currency) },
    cancelAtPeriodEnd: cancelsAtPeriodEnd(wire),
    paymentMethodId: wire.paymentMethodToken,
  };
  const periodEnd = dateOf(wire.nextBillingDate);
  if (periodEnd) subscription.currentPeriodEnd = periodEnd;
  const canceled = (wire.statusHistory ?? [])
    .filter((event) => event.status === 'Canceled')
    .map((event) => dateOf(event.timestamp))
    .filter((date): date is Date => date !== undefined)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  if (canceled && wire.status === 'Canceled') subscription.canceledAt = canceled;
  return subscription;
}

/** A Past Due subscription with something owed: Braintree's "balance", what GetBalance reports. */
export function mapPastDue(wire: WireSubscription, plans: ReadonlyMap<string, WirePlan>, currency: string): PastDueSubscription | undefined {
  if (wire.status !== 'Past Due') return undefined;
  const plan = plans.get(wire.planId);
  const balance = moneyOf(wire.balance, plan?.currencyIsoCode || currency);
  if (balance.amount <= 0) return undefined;
  return {
    subscriptionId: wire.id,
    balance,
    description: `${plan?.name || wire.planId} subscription, renewal unpaid`,
    daysPastDue: wire.daysPastDue ?? 0,
  };
}

/**
 * Tender's proration choice in Braintree's subscription options. Braintree prorates a
 * price change over the days left in the period and charges an increase at once
 * (`prorate_charges`); `revert_subscription_on_proration_failure` says what happens
 * when that charge fails:
 * - default: the merchant's proration setting in the Control Panel (no options sent);
 * - none: no proration, the new price from the next bill;
 * - prorate: prorate, and keep the change even if the immediate charge fails (the
 *   prorated amount then stays on the subscription balance);
 * - prorate_and_invoice_now: prorate and charge now, and undo the change when that
 *   charge fails (the caller then hears the change did not happen).
 */
export function prorationOptionsOf(choice: ProrationChoice): Record<string, boolean> | undefined {
  switch (choice) {
    case 'none':
      return { prorateCharges: false };
    case 'prorate':
      return { prorateCharges: true, revertSubscriptionOnProrationFailure: false };
    case 'prorate_and_invoice_now':
      return { prorateCharges: true, revertSubscriptionOnProrationFailure: true };
    default:
      return undefined;
  }
}
