import { answer, type ApiCall, type ApiResult } from '../api-call.js';
import { dayOf, daysBetween } from '../calendar.js';
import { issue, notFound, validationFailure } from '../errors.js';
import type { SandboxSubscription, SubscriptionStatus } from '../records.js';
import type { BraintreeState } from '../state.js';
import { emitSubscriptionNotification } from '../webhooks.js';
import { XmlArray, dateOnly, type XmlObject } from '../xml.js';
import { matchesSearch, searchOf, searchPage, searchResults } from './search.js';
import { decimal, renderTransaction } from './transaction-xml.js';

/**
 * Subscriptions: find, search, cancel (update and billing live in subscription-update.ts
 * and billing.ts). A subscription names its payment method token, not its customer:
 * Braintree lists a customer's subscriptions inside each vaulted card.
 */
export function subscriptionOf(state: BraintreeState, id: string): SandboxSubscription {
  const subscription = state.subscriptions.get(id);
  if (!subscription) throw notFound();
  return subscription;
}

export function findSubscription(call: ApiCall): ApiResult {
  return answer('subscription', renderSubscription(call.state, subscriptionOf(call.state, call.pathParams.id ?? '')));
}

/** PUT /subscriptions/{id}/cancel: ends it now; a canceled one is refused (81905). */
export function cancelSubscription(call: ApiCall): ApiResult {
  const { state } = call;
  const subscription = subscriptionOf(state, call.pathParams.id ?? '');
  if (subscription.status === 'Canceled' || subscription.status === 'Expired') {
    const [code, message] =
      subscription.status === 'Canceled'
        ? ['81905', 'Subscription has already been canceled.']
        : ['81910', 'Subscription has expired and cannot be updated.'];
    throw validationFailure([issue(['subscription'], code, 'status', message)], call.body.raw());
  }
  recordStatus(state, subscription, 'Canceled', 'api');
  emitSubscriptionNotification(state, 'subscription_canceled', subscription);
  return answer('subscription', renderSubscription(state, subscription));
}

export function searchSubscriptionIds(call: ApiCall): ApiResult {
  return answer('search-results', searchResults(matchingSubscriptions(call).map((s) => s.id)));
}

export function searchSubscriptions(call: ApiCall): ApiResult {
  const page = matchingSubscriptions(call).map((s) => renderSubscription(call.state, s));
  return answer('subscriptions', searchPage('subscription', page));
}

function matchingSubscriptions(call: ApiCall): SandboxSubscription[] {
  const search = searchOf(call.body);
  return [...call.state.subscriptions.values()].filter((s) =>
    matchesSearch(search, (field) => {
      const fields: Record<string, string | number | null> = {
        id: s.id,
        plan_id: s.planId,
        status: s.status,
        merchant_account_id: s.merchantAccountId,
        days_past_due: daysPastDue(call.state, s),
        price: s.price / 100,
      };
      return fields[field];
    }),
  );
}

export function recordStatus(
  state: BraintreeState,
  subscription: SandboxSubscription,
  status: SubscriptionStatus,
  source: 'api' | 'recurring',
): void {
  const now = state.clock.now();
  subscription.status = status;
  subscription.updatedAt = now;
  subscription.statusHistory.push({
    status,
    at: now,
    balance: subscription.balance,
    price: subscription.price,
    planId: subscription.planId,
    source,
  });
}

export function daysPastDue(state: BraintreeState, subscription: SandboxSubscription): number | null {
  if (subscription.status !== 'Past Due' || !subscription.pastDueSince) return null;
  return Math.max(0, daysBetween(subscription.pastDueSince, dayOf(state.clock.now())));
}

export function renderSubscription(state: BraintreeState, s: SandboxSubscription): XmlObject {
  const money = (amount: number) => decimal(amount, s.currency);
  const transactions = s.transactionIds
    .map((id) => state.transactions.get(id))
    .filter((tx) => tx !== undefined)
    .map((tx) => renderTransaction(state, tx));
  return {
    id: s.id,
    'plan-id': s.planId,
    price: money(s.price),
    balance: money(s.balance),
    status: s.status,
    'payment-method-token': s.paymentMethodToken,
    'merchant-account-id': s.merchantAccountId,
    'days-past-due': daysPastDue(state, s),
    'failure-count': s.failureCount,
    'billing-day-of-month': s.billingDayOfMonth,
    'first-billing-date': dateOnly(s.firstBillingDate),
    'billing-period-start-date': dateOnly(s.billingPeriodStartDate),
    'billing-period-end-date': dateOnly(s.billingPeriodEndDate),
    'next-billing-date': dateOnly(s.nextBillingDate),
    'paid-through-date': dateOnly(s.paidThroughDate),
    'next-bill-amount': money(s.price + s.balance),
    'next-billing-period-amount': money(s.price + s.balance),
    'current-billing-cycle': s.currentBillingCycle,
    'number-of-billing-cycles': s.numberOfBillingCycles,
    'never-expires': s.neverExpires,
    'trial-period': false,
    'trial-duration': null,
    'trial-duration-unit': null,
    description: null,
    'created-at': s.createdAt,
    'updated-at': s.updatedAt,
    'add-ons': new XmlArray('add-on', []),
    discounts: new XmlArray('discount', []),
    descriptor: { name: null, phone: null, url: null },
    'status-history': new XmlArray(
      'status-event',
      s.statusHistory.map((event) => ({
        timestamp: event.at,
        status: event.status,
        balance: money(event.balance),
        price: money(event.price),
        'currency-iso-code': s.currency,
        'plan-id': event.planId,
        'subscription-source': event.source,
        user: event.source === 'api' ? 'api' : null,
      })),
    ),
    // Newest first, as Braintree lists a subscription's transactions.
    transactions: new XmlArray('transaction', [...transactions].reverse()),
  };
}
