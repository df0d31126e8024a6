import { addDays, addMonths, dayOf } from './calendar.js';
import type { SandboxCreditCard, SandboxPlan, SandboxSubscription } from './records.js';
import { recordCharge } from './resources/charges.js';
import { chargedCard, vaultCard } from './resources/credit-cards.js';
import { createCustomerRecord } from './resources/customers.js';
import { moveTransaction } from './resources/settlement.js';
import type { BraintreeState } from './state.js';
import { vaultTestCard } from './test-cards.js';

/**
 * The demo people of the Stripe sandbox (src/sandboxes/stripe/seed.ts), as a Braintree
 * merchant holds them, with fixed ids so documentation can cite them: Jordan (Visa 4242,
 * Basic subscription), Sam (card declines with 2001 Insufficient Funds; Plus
 * subscription Past Due since its renewal failed five days ago, $39.00 balance), two
 * Alexes sharing a phone, Casey (card rejected for 3-D Secure), and the plans Basic,
 * Plus and Plus yearly. Braintree has no invoices: Sam's balance is what is owed.
 */
export function seedDemoData(state: BraintreeState): void {
  const today = dayOf(state.clock.now());
  seedPlans(state);

  const jordan = createCustomerRecord(state, {
    id: 'demo_jordan', firstName: 'Jordan', lastName: 'Rivera', phone: '+14155550123', email: 'jordan.rivera@example.com',
  });
  const jordanVisa = vaultCard(
    state,
    jordan.id,
    { cardType: 'Visa', bin: '424242', last4: '4242', expirationMonth: '12', expirationYear: '2030', behaviour: { kind: 'approve' } },
    { token: 'demo_jordan_visa' },
  );
  addSubscription(state, { id: 'demo_jordan_basic', planId: 'basic_monthly', card: jordanVisa, periodStart: addDays(today, -10) });

  const sam = createCustomerRecord(state, {
    id: 'demo_sam', firstName: 'Sam', lastName: 'Lee', phone: '+14155550188', email: 'sam.lee@example.com',
  });
  const samVisa = vaultTestCard(state, sam.id, { declineCode: '2001' }, { token: 'demo_sam_visa_declines', last4: '9995' });
  const samPlus = addSubscription(state, { id: 'demo_sam_plus', planId: 'plus_monthly', card: samVisa, periodStart: addDays(today, -5) });
  failRenewal(state, samPlus, samVisa);

  const alex = { firstName: 'Alex', lastName: 'Kim', phone: '+14155550142' };
  createCustomerRecord(state, { ...alex, id: 'demo_alex_home', email: 'alex@example.com', company: 'Home' });
  createCustomerRecord(state, { ...alex, id: 'demo_alex_work', email: 'alex.work@example.com', company: 'Work' });

  const casey = createCustomerRecord(state, {
    id: 'demo_casey', firstName: 'Casey', lastName: 'Morgan', phone: '+14155550166', email: 'casey.morgan@example.com',
  });
  vaultTestCard(state, casey.id, { gatewayRejectionReason: 'three_d_secure' }, { token: 'demo_casey_visa_3ds' });
}

function seedPlans(state: BraintreeState): void {
  const createdAt = state.clock.now();
  const plans: SandboxPlan[] = [
    { id: 'basic_monthly', name: 'Basic', description: 'Basic, billed monthly', price: 1_900, currency: 'USD', billingFrequency: 1, numberOfBillingCycles: null, createdAt },
    { id: 'plus_monthly', name: 'Plus', description: 'Plus, billed monthly', price: 3_900, currency: 'USD', billingFrequency: 1, numberOfBillingCycles: null, createdAt },
    { id: 'plus_yearly', name: 'Plus yearly', description: 'Plus, billed yearly', price: 39_000, currency: 'USD', billingFrequency: 12, numberOfBillingCycles: null, createdAt },
  ];
  for (const plan of plans) state.plans.set(plan.id, plan);
}

interface SeededSubscription {
  id: string;
  planId: string;
  card: SandboxCreditCard;
  /** First day of the current billing period; the first period began a month earlier. */
  periodStart: string;
}

/** An Active subscription in its second cycle, both cycles paid and settled. */
function addSubscription(state: BraintreeState, seed: SeededSubscription): SandboxSubscription {
  const plan = state.plans.get(seed.planId);
  if (!plan) throw new Error(`no plan ${seed.planId}`);
  const billingDay = Number(seed.periodStart.slice(8, 10));
  const firstBillingDate = addMonths(seed.periodStart, -plan.billingFrequency, billingDay);
  const nextBillingDate = addMonths(seed.periodStart, plan.billingFrequency, billingDay);
  const now = state.clock.now();
  const subscription: SandboxSubscription = {
    id: seed.id,
    planId: plan.id,
    price: plan.price,
    paymentMethodToken: seed.card.token,
    merchantAccountId: state.merchantAccountId,
    currency: plan.currency,
    status: 'Active',
    balance: 0,
    failureCount: 0,
    pastDueSince: null,
    billingDayOfMonth: billingDay,
    firstBillingDate,
    billingPeriodStartDate: seed.periodStart,
    billingPeriodEndDate: addDays(nextBillingDate, -1),
    nextBillingDate,
    paidThroughDate: addDays(nextBillingDate, -1),
    currentBillingCycle: 2,
    numberOfBillingCycles: null,
    neverExpires: true,
    transactionIds: [],
    statusHistory: [{ status: 'Active', at: new Date(`${firstBillingDate}T00:00:00Z`), balance: 0, price: plan.price, planId: plan.id, source: 'api' }],
    createdAt: new Date(`${firstBillingDate}T00:00:00Z`),
    updatedAt: now,
  };
  state.subscriptions.set(subscription.id, subscription);
  if (seed.card.behaviour.kind === 'approve') {
    for (const day of [firstBillingDate, seed.periodStart]) paidCycle(state, subscription, seed.card, day);
  }
  return subscription;
}

function paidCycle(state: BraintreeState, subscription: SandboxSubscription, card: SandboxCreditCard, day: string): void {
  const tx = recordCharge(state, {
    amount: subscription.price,
    card: chargedCard(card),
    customerId: card.customerId,
    orderId: null,
    submitForSettlement: true,
    subscriptionId: subscription.id,
    planId: subscription.planId,
  });
  backdate(tx, day);
  moveTransaction(tx, 'settled', new Date(`${addDays(day, 1)}T00:00:00Z`));
  subscription.transactionIds.push(tx.id);
}

/** The renewal on the current period's first day declined: Past Due, the price owed. */
function failRenewal(state: BraintreeState, subscription: SandboxSubscription, card: SandboxCreditCard): void {
  const day = subscription.billingPeriodStartDate;
  const tx = recordCharge(state, {
    amount: subscription.price,
    card: chargedCard(card),
    customerId: card.customerId,
    orderId: null,
    submitForSettlement: true,
    subscriptionId: subscription.id,
    planId: subscription.planId,
  });
  backdate(tx, day);
  subscription.transactionIds.push(tx.id);
  subscription.status = 'Past Due';
  subscription.balance = subscription.price;
  subscription.failureCount = 1;
  subscription.pastDueSince = day;
  subscription.paidThroughDate = addDays(day, -1);
  subscription.statusHistory.push({
    status: 'Past Due', at: new Date(`${day}T00:00:00Z`), balance: subscription.balance, price: subscription.price, planId: subscription.planId, source: 'recurring',
  });
}

function backdate(tx: { createdAt: Date; updatedAt: Date; submittedAt: Date | null; statusHistory: Array<{ at: Date }> }, day: string): void {
  const at = new Date(`${day}T00:00:00Z`);
  tx.createdAt = at;
  tx.updatedAt = at;
  if (tx.submittedAt) tx.submittedAt = at;
  for (const event of tx.statusHistory) event.at = at;
}
