import { answer, type ApiCall, type ApiResult } from '../api-call.js';
import { dayOf, daysBetween } from '../calendar.js';
import { issue, transactionFailure, validationFailure, type ValidationIssue } from '../errors.js';
import type { Params } from '../params.js';
import type { SandboxSubscription } from '../records.js';
import type { BraintreeState } from '../state.js';
import { parseAmount } from './amounts.js';
import { failureMessage, recordCharge, succeeded } from './charges.js';
import { chargedCard } from './credit-cards.js';
import { recordStatus, renderSubscription, subscriptionOf } from './subscriptions.js';
import { renderTransaction } from './transaction-xml.js';

const SCOPE = ['subscription'];

/**
 * PUT /subscriptions/{id}: plan, price, payment method token, and the number of billing
 * cycles. Braintree keeps the price when only the plan changes; a price change is
 * prorated over the days left in the billing period when `options.prorate_charges` is
 * true (the merchant's default here): an increase is charged at once on the
 * subscription's card, and when that charge fails the update is reverted (the default
 * of `revert_subscription_on_proration_failure`) or, with that option false, kept with
 * the amount added to the balance; a decrease is credited to the balance.
 */
export function updateSubscription(call: ApiCall): ApiResult {
  const { state } = call;
  const subscription = subscriptionOf(state, call.pathParams.id ?? '');
  const params = call.body.child('subscription');
  const options = params.child('options');
  const issues = updateIssues(state, subscription, params);
  const price = params.has('price') ? parseAmount(params.string('price'), subscription.currency, SCOPE) : subscription.price;
  if (typeof price !== 'number') issues.push(priceIssue(price));
  if (typeof price === 'number' && price !== subscription.price && subscription.status === 'Past Due') {
    issues.push(issue(SCOPE, '91920', 'base', 'Cannot edit price changing fields on past due subscription.'));
  }
  if (issues.length > 0 || typeof price !== 'number') throw validationFailure(issues, call.body.raw());

  const planId = params.string('plan_id') ?? subscription.planId;
  const prorated = options.boolean('prorate_charges') === false ? 0 : proration(state, subscription, price);
  if (prorated > 0) {
    const card = state.creditCards.get(params.string('payment_method_token') ?? subscription.paymentMethodToken);
    const tx = card
      ? recordCharge(state, { amount: prorated, card: chargedCard(card), customerId: card.customerId, orderId: null, submitForSettlement: true, subscriptionId: subscription.id, planId })
      : undefined;
    if (tx) subscription.transactionIds.push(tx.id);
    if (!tx || !succeeded(tx)) {
      if (options.boolean('revert_subscription_on_proration_failure') !== false && tx) {
        throw transactionFailure(renderTransaction(state, tx), failureMessage(tx), call.body.raw());
      }
      subscription.balance += prorated;
    }
  } else {
    subscription.balance += prorated;
  }
  subscription.planId = planId;
  subscription.price = price;
  subscription.paymentMethodToken = params.string('payment_method_token') ?? subscription.paymentMethodToken;
  if (params.has('number_of_billing_cycles')) {
    subscription.numberOfBillingCycles = Number(params.string('number_of_billing_cycles'));
    subscription.neverExpires = false;
  } else if (params.boolean('never_expires') === true) {
    subscription.numberOfBillingCycles = null;
    subscription.neverExpires = true;
  }
  recordStatus(state, subscription, subscription.status, 'api');
  return answer('subscription', renderSubscription(state, subscription));
}

/** The price difference for the days left in the current billing period, in minor units. */
function proration(state: BraintreeState, subscription: SandboxSubscription, price: number): number {
  if (subscription.status !== 'Active' || price === subscription.price) return 0;
  const today = dayOf(state.clock.now());
  const total = daysBetween(subscription.billingPeriodStartDate, subscription.billingPeriodEndDate) + 1;
  const left = Math.min(total, Math.max(0, daysBetween(today, subscription.billingPeriodEndDate) + 1));
  return Math.round(((price - subscription.price) * left) / total);
}

function updateIssues(state: BraintreeState, subscription: SandboxSubscription, params: Params): ValidationIssue[] {
  if (subscription.status === 'Canceled') {
    return [issue(SCOPE, '81901', 'base', 'Subscription has been canceled and cannot be updated.')];
  }
  if (subscription.status === 'Expired') {
    return [issue(SCOPE, '81910', 'base', 'Subscription has expired and cannot be updated.')];
  }
  const issues: ValidationIssue[] = [];
  const planId = params.string('plan_id');
  const plan = planId === undefined ? undefined : state.plans.get(planId);
  const current = state.plans.get(subscription.planId);
  if (planId !== undefined && !plan) issues.push(issue(SCOPE, '91904', 'plan_id', 'Plan ID is invalid.'));
  if (plan && current && plan.billingFrequency !== current.billingFrequency) {
    issues.push(issue(SCOPE, '91922', 'plan_id', 'Cannot update subscription to a plan with a different billing frequency.'));
  }
  const token = params.string('payment_method_token');
  if (token !== undefined && !state.creditCards.has(token)) {
    issues.push(issue(SCOPE, '91903', 'payment_method_token', 'Payment method token is invalid.'));
  }
  if (params.has('number_of_billing_cycles')) {
    const cycles = Number(params.string('number_of_billing_cycles'));
    if (params.boolean('never_expires') === true) {
      issues.push(issue(SCOPE, '91908', 'number_of_billing_cycles', 'Number of billing cycles must be blank if never expires is true.'));
    } else if (!Number.isInteger(cycles)) {
      issues.push(issue(SCOPE, '91906', 'number_of_billing_cycles', 'Number of billing cycles must be numeric.'));
    } else if (cycles <= 0) {
      issues.push(issue(SCOPE, '91907', 'number_of_billing_cycles', 'Number of billing cycles must be greater than zero.'));
    } else if (cycles < subscription.currentBillingCycle) {
      issues.push(issue(SCOPE, '91909', 'number_of_billing_cycles', 'Number of billing cycles cannot be less than the current billing cycle.'));
    }
  } else if (params.boolean('never_expires') === false) {
    issues.push(issue(SCOPE, '91912', 'number_of_billing_cycles', 'Number of billing cycles cannot be blank if the subscription expires.'));
  }
  return issues;
}

/** The transaction amount codes, renamed for a subscription's price. */
function priceIssue(amount: ValidationIssue): ValidationIssue {
  const codes: Record<string, [string, string]> = {
    '81502': ['81903', 'Price cannot be blank.'],
    '81528': ['81923', 'Price is too large.'],
  };
  const [code, message] = codes[amount.code] ?? ['81904', 'Price is an invalid format.'];
  return issue(SCOPE, code, 'price', message);
}
