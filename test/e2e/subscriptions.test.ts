import { randomUUID } from 'node:crypto';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import * as grpc from '@grpc/grpc-js';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BillingInterval,
  CancelTiming,
  Proration,
  SubscriptionStatus,
} from '../../src/gen/tender/v1/subscriptions_pb.js';
import { buildSubscription } from '../../src/sandboxes/stripe/resources/subscriptions.js';
import { KEYS, as, grpcError, startTenderUnderTest, type TenderUnderTest } from './harness.js';

/**
 * Plans and subscriptions end to end. Each test that changes a subscription gets its own
 * subscriber (a customer made through the API, a Visa as default and a Mastercard on
 * file, on Basic monthly for ten days), so no test depends on another's leftovers.
 * The sandbox has no "create subscription" endpoint (Tender never creates one), so the
 * subscription itself is put in place the way the sandbox seeds its demo data.
 */
let t: TenderUnderTest;
let stripe: Stripe;
beforeAll(async () => {
  t = await startTenderUnderTest();
  stripe = new Stripe(t.stripe.secretKey, { host: '127.0.0.1', port: t.stripe.port, protocol: 'http' });
});
afterAll(() => t.close());

const DAY = 86_400;
const neutral = (localId: string) => `acme-stripe:${localId}`;
const key = () => ({ idempotencyKey: randomUUID() });

async function subscriber() {
  const { response } = await t.customers.createCustomer(
    { ...key(), name: 'Morgan Subscriber', email: `morgan.${randomUUID().slice(0, 8)}@example.com` },
    as(KEYS.acme),
  );
  const customerId = response.customer!.id.slice('acme-stripe:'.length);
  const visa = await stripe.paymentMethods.attach('pm_card_visa', { customer: customerId });
  const mastercard = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: customerId });
  await stripe.customers.update(customerId, { invoice_settings: { default_payment_method: visa.id } });
  const now = t.stripe.state.clock.now();
  const subscription = buildSubscription(
    { customer: customerId, price: t.stripe.state.prices.get('price_basic_monthly')!, periodStart: now - 10 * DAY, defaultPaymentMethod: visa.id },
    now - 10 * DAY,
  );
  t.stripe.state.subscriptions.set(subscription.id, subscription);
  return { customerId, visa: visa.id, mastercard: mastercard.id, subscriptionId: subscription.id, atStripe: subscription };
}

const pendingItemsOf = (subscriptionId: string) =>
  [...t.stripe.state.invoiceItems.values()].filter(
    (item) => (item.parent as { subscription_details?: { subscription?: string } } | null)?.subscription_details?.subscription === subscriptionId,
  );
const invoicesOf = (subscriptionId: string) =>
  [...t.stripe.state.invoices.values()].filter((invoice) => invoice.subscription === subscriptionId);

describe('ListPlans and ListSubscriptions', () => {
  it('lists the recurring prices as plans', async () => {
    const { response } = await t.subscriptions.listPlans({}, as(KEYS.acme));
    const byId = new Map(response.plans.map((plan) => [plan.id, plan]));
    expect([...byId.keys()].sort()).toEqual(
      ['acme-stripe:price_basic_monthly', 'acme-stripe:price_plus_monthly', 'acme-stripe:price_plus_yearly'],
    );
    expect(byId.get('acme-stripe:price_basic_monthly')).toMatchObject({
      name: 'Basic', amount: { amount: 1_900n, currency: 'USD' }, interval: BillingInterval.MONTH, intervalCount: 1,
    });
    expect(byId.get('acme-stripe:price_plus_monthly')).toMatchObject({
      name: 'Plus', amount: { amount: 3_900n, currency: 'USD' }, interval: BillingInterval.MONTH, intervalCount: 1,
    });
    expect(byId.get('acme-stripe:price_plus_yearly')).toMatchObject({
      name: 'Plus yearly', amount: { amount: 39_000n, currency: 'USD' }, interval: BillingInterval.YEAR, intervalCount: 1,
    });
  });

  it("lists Jordan's active Basic subscription", async () => {
    const { response } = await t.subscriptions.listSubscriptions({ customerId: 'acme-stripe:cus_demo_jordan' }, as(KEYS.acme));
    expect(response.subscriptions).toHaveLength(1);
    const [subscription] = response.subscriptions;
    expect(subscription).toMatchObject({
      id: 'acme-stripe:sub_demo_jordan',
      customerId: 'acme-stripe:cus_demo_jordan',
      status: SubscriptionStatus.ACTIVE,
      cancelAtPeriodEnd: false,
      plan: { id: 'acme-stripe:price_basic_monthly', name: 'Basic', amount: { amount: 1_900n, currency: 'USD' } },
    });
    expect(timestampDate(subscription!.currentPeriodEnd!).getTime()).toBeGreaterThan(Date.now());
    expect(subscription?.canceledAt).toBeUndefined();
  });
});

describe('ChangeSubscriptionPlan', () => {
  const change = (subscriptionId: string, proration: Proration, plan = 'price_plus_monthly') =>
    t.subscriptions.changeSubscriptionPlan(
      { ...key(), subscriptionId: neutral(subscriptionId), planId: neutral(plan), proration },
      as(KEYS.acme),
    );

  it('PRORATE moves to the new price and leaves the proration for the next invoice', async () => {
    const s = await subscriber();
    const { response } = await change(s.subscriptionId, Proration.PRORATE);
    expect(response.subscription?.plan).toMatchObject({ id: 'acme-stripe:price_plus_monthly', name: 'Plus' });
    expect(s.atStripe.items.data[0]?.price.id).toBe('price_plus_monthly');
    const pending = pendingItemsOf(s.subscriptionId);
    expect(pending).toHaveLength(2);
    expect(pending.some((item) => item.amount < 0)).toBe(true);
    expect(pending.some((item) => item.amount > 0)).toBe(true);
    expect(invoicesOf(s.subscriptionId)).toHaveLength(0);
  });

  it('NONE moves to the new price without any proration', async () => {
    const s = await subscriber();
    const { response } = await change(s.subscriptionId, Proration.NONE);
    expect(response.subscription?.plan?.id).toBe('acme-stripe:price_plus_monthly');
    expect(s.atStripe.items.data[0]?.price.id).toBe('price_plus_monthly');
    expect(pendingItemsOf(s.subscriptionId)).toHaveLength(0);
    expect(invoicesOf(s.subscriptionId)).toHaveLength(0);
  });

  it('PRORATE_AND_INVOICE_NOW bills the difference at once on the default card', async () => {
    const s = await subscriber();
    const { response } = await change(s.subscriptionId, Proration.PRORATE_AND_INVOICE_NOW);
    expect(response.subscription).toMatchObject({ status: SubscriptionStatus.ACTIVE, plan: { id: 'acme-stripe:price_plus_monthly' } });
    expect(pendingItemsOf(s.subscriptionId)).toHaveLength(0);
    const invoices = invoicesOf(s.subscriptionId);
    expect(invoices).toHaveLength(1);
    expect(invoices[0]).toMatchObject({ status: 'paid', billing_reason: 'subscription_update' });
    // Twenty of the thirty-odd days are left: the difference is 20.00 at most, and positive.
    expect(invoices[0]!.amount_paid).toBeGreaterThan(0);
    expect(invoices[0]!.amount_paid).toBeLessThan(2_000);
  });

  it("UNSPECIFIED leaves Stripe's default, which prorates onto the next invoice", async () => {
    const s = await subscriber();
    await change(s.subscriptionId, Proration.UNSPECIFIED);
    expect(s.atStripe.items.data[0]?.price.id).toBe('price_plus_monthly');
    expect(pendingItemsOf(s.subscriptionId)).toHaveLength(2);
    expect(invoicesOf(s.subscriptionId)).toHaveLength(0);
  });

  it('answers NOT_FOUND on plan_id for a price Stripe does not have', async () => {
    const s = await subscriber();
    const error = await grpcError(change(s.subscriptionId, Proration.NONE, 'price_does_not_exist'));
    expect(error).toMatchObject({ code: grpc.status.NOT_FOUND, field: 'plan_id' });
    expect(s.atStripe.items.data[0]?.price.id).toBe('price_basic_monthly');
  });
});

describe('CancelSubscription', () => {
  const cancel = (subscriptionId: string, timing: CancelTiming) =>
    t.subscriptions.cancelSubscription({ ...key(), subscriptionId: neutral(subscriptionId), timing }, as(KEYS.acme));

  it('AT_PERIOD_END keeps it active until the period ends', async () => {
    const s = await subscriber();
    const periodEnd = s.atStripe.items.data[0]!.current_period_end;
    const { response } = await cancel(s.subscriptionId, CancelTiming.AT_PERIOD_END);
    expect(response.subscription).toMatchObject({ status: SubscriptionStatus.ACTIVE, cancelAtPeriodEnd: true });
    expect(timestampDate(response.subscription!.currentPeriodEnd!).getTime()).toBe(periodEnd * 1000);
    expect(s.atStripe).toMatchObject({ status: 'active', cancel_at_period_end: true, cancel_at: periodEnd });
  });

  it('IMMEDIATELY ends it now', async () => {
    const s = await subscriber();
    const { response } = await cancel(s.subscriptionId, CancelTiming.IMMEDIATELY);
    expect(response.subscription?.status).toBe(SubscriptionStatus.CANCELED);
    expect(response.subscription?.canceledAt).toBeDefined();
    expect(s.atStripe.status).toBe('canceled');
    // A second cancel (a new key, e.g. another agent) reports it canceled rather than failing.
    const again = await cancel(s.subscriptionId, CancelTiming.IMMEDIATELY);
    expect(again.response.subscription?.status).toBe(SubscriptionStatus.CANCELED);
  });

  it('requires a timing: INVALID_ARGUMENT on timing, nothing changed', async () => {
    const s = await subscriber();
    const error = await grpcError(cancel(s.subscriptionId, CancelTiming.UNSPECIFIED));
    expect(error).toMatchObject({ code: grpc.status.INVALID_ARGUMENT, field: 'timing' });
    expect(s.atStripe).toMatchObject({ status: 'active', cancel_at_period_end: false });
  });
});

describe('UpdateSubscriptionPaymentMethod', () => {
  const update = (subscriptionId: string, paymentMethodId: string) =>
    t.subscriptions.updateSubscriptionPaymentMethod(
      { ...key(), subscriptionId: neutral(subscriptionId), paymentMethodId: neutral(paymentMethodId) },
      as(KEYS.acme),
    );

  it("switches to another of the customer's cards", async () => {
    const s = await subscriber();
    const { response } = await update(s.subscriptionId, s.mastercard);
    expect(response.subscription?.paymentMethodId).toBe(neutral(s.mastercard));
    expect(s.atStripe.default_payment_method).toBe(s.mastercard);
  });

  it("refuses another customer's card, leaving the subscription's card as it was", async () => {
    const s = await subscriber();
    const error = await grpcError(update(s.subscriptionId, 'pm_demo_jordan_visa'));
    expect(error).toMatchObject({ code: grpc.status.NOT_FOUND, field: 'payment_method_id' });
    expect(s.atStripe.default_payment_method).toBe(s.visa);
  });
});
