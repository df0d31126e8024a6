import { addDays, addMonths, dayOf } from '../calendar.js';
import type { SandboxSubscription } from '../records.js';
import type { BraintreeState } from '../state.js';
import { emitSubscriptionNotification } from '../webhooks.js';
import { recordCharge, succeeded } from './charges.js';
import { chargedCard } from './credit-cards.js';
import { settleDue } from './settlement.js';
import { recordStatus } from './subscriptions.js';

/**
 * Recurring billing, run by the sandbox clock (every request catches up). On each
 * billing date an Active subscription either expires, when it has run its number of
 * billing cycles, or bills its price plus its balance on its card. A successful charge
 * starts the next cycle; a failed one makes it Past Due with the price on its balance
 * (Braintree's retry schedule is the merchant's setting: the sandbox does not retry).
 * The notifications Braintree sends for each step go to the outbox (webhooks.ts).
 */
/** Brings the sandbox up to its clock: settles what is due, then bills what is due. */
export function catchUp(state: BraintreeState): void {
  settleDue(state);
  runBilling(state);
}

export function runBilling(state: BraintreeState): void {
  const today = dayOf(state.clock.now());
  for (const subscription of state.subscriptions.values()) {
    while (subscription.status === 'Active' && subscription.nextBillingDate <= today) {
      if (hasRunItsCycles(subscription)) {
        recordStatus(state, subscription, 'Expired', 'recurring');
        emitSubscriptionNotification(state, 'subscription_expired', subscription);
        break;
      }
      billCycle(state, subscription);
    }
  }
}

/** What "expires at the end of the current cycle" means on Braintree. */
export function hasRunItsCycles(subscription: SandboxSubscription): boolean {
  return !subscription.neverExpires && subscription.numberOfBillingCycles !== null
    && subscription.currentBillingCycle >= subscription.numberOfBillingCycles;
}

function billCycle(state: BraintreeState, subscription: SandboxSubscription): void {
  const billingDate = subscription.nextBillingDate;
  const due = subscription.price + subscription.balance;
  if (due <= 0) {
    // A credit (from a prorated downgrade) pays the whole cycle.
    subscription.balance = due;
    startNextCycle(state, subscription, billingDate, true);
    return;
  }
  const card = state.creditCards.get(subscription.paymentMethodToken);
  const tx = card
    ? recordCharge(state, {
        amount: due,
        card: chargedCard(card),
        customerId: card.customerId,
        orderId: null,
        submitForSettlement: true,
        subscriptionId: subscription.id,
        planId: subscription.planId,
      })
    : undefined;
  if (tx) subscription.transactionIds.push(tx.id);
  if (!tx || !succeeded(tx)) {
    subscription.balance += subscription.price;
    subscription.failureCount += 1;
    subscription.pastDueSince = billingDate;
    startNextCycle(state, subscription, billingDate, false);
    recordStatus(state, subscription, 'Past Due', 'recurring');
    emitSubscriptionNotification(state, 'subscription_charged_unsuccessfully', subscription);
    emitSubscriptionNotification(state, 'subscription_went_past_due', subscription);
    return;
  }
  subscription.balance = 0;
  startNextCycle(state, subscription, billingDate, true);
  emitSubscriptionNotification(state, 'subscription_charged_successfully', subscription);
}

/** Moves to the cycle that starts on `billingDate`; only a paid one extends the paid-through date. */
export function startNextCycle(state: BraintreeState, subscription: SandboxSubscription, billingDate: string, paid: boolean): void {
  const frequency = state.plans.get(subscription.planId)?.billingFrequency ?? 1;
  subscription.currentBillingCycle += 1;
  subscription.billingPeriodStartDate = billingDate;
  subscription.nextBillingDate = addMonths(billingDate, frequency, subscription.billingDayOfMonth);
  subscription.billingPeriodEndDate = addDays(subscription.nextBillingDate, -1);
  if (paid) subscription.paidThroughDate = subscription.billingPeriodEndDate;
  subscription.updatedAt = state.clock.now();
}
