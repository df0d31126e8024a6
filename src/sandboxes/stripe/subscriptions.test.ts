import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failureOf, openTestBed, type SandboxTestBed } from './testing/test-bed.js';

let bed: SandboxTestBed;
beforeEach(async () => {
  bed = await openTestBed();
});
afterEach(() => bed.close());

const WITH_PRODUCT = ['items.data.price.product'];
const key = () => ({ idempotencyKey: randomUUID() });

describe('prices', () => {
  it('lists active recurring prices with their products expanded', async () => {
    const prices = await bed.stripe.prices.list({ active: true, type: 'recurring', expand: ['data.product'] });
    const summary = prices.data.map((price) => [price.id, price.nickname, price.unit_amount, price.currency, price.recurring?.interval, price.recurring?.interval_count, (price.product as Stripe.Product).name]);
    expect(summary).toEqual(
      expect.arrayContaining([
        ['price_basic_monthly', 'Basic', 1_900, 'usd', 'month', 1, 'Basic'],
        ['price_plus_monthly', 'Plus', 3_900, 'usd', 'month', 1, 'Plus'],
        ['price_plus_yearly', 'Plus yearly', 39_000, 'usd', 'year', 1, 'Plus'],
      ]),
    );
    expect(summary).toHaveLength(3);
    const plain = await bed.stripe.prices.retrieve('price_plus_yearly');
    expect(plain.product).toBe('prod_demo_plus');
    expect(await failureOf(bed.stripe.prices.list({ expand: ['data.nothing'] }))).toMatchObject({ statusCode: 400, param: 'expand' });
  });
});

describe('subscriptions', () => {
  it('lists a customer subscription with price and product expanded', async () => {
    const list = await bed.stripe.subscriptions.list({ customer: 'cus_demo_jordan', status: 'all', expand: ['data.items.data.price.product'] });
    expect(list.data).toHaveLength(1);
    const subscription = list.data[0];
    expect(subscription).toMatchObject({ id: 'sub_demo_jordan', status: 'active', cancel_at_period_end: false, canceled_at: null, default_payment_method: null });
    const item = subscription?.items.data[0];
    expect(item).toMatchObject({ id: 'si_demo_jordan_basic', price: { id: 'price_basic_monthly', product: { id: 'prod_demo_basic', name: 'Basic' } } });
    expect(item?.current_period_end).toBeGreaterThan(Date.now() / 1000);
  });

  it('changes plan within the interval with create_prorations: pending credit and charge', async () => {
    const updated = await bed.stripe.subscriptions.update(
      'sub_demo_jordan',
      { items: [{ id: 'si_demo_jordan_basic', price: 'price_plus_monthly' }], proration_behavior: 'create_prorations', expand: WITH_PRODUCT },
      key(),
    );
    const item = updated.items.data[0];
    expect(item?.price).toMatchObject({ id: 'price_plus_monthly', product: { name: 'Plus' } });
    const pending = [...bed.sandbox.state.invoiceItems.values()];
    expect(pending).toHaveLength(2);
    const [credit, charge] = pending;
    expect(credit?.amount).toBeLessThan(0);
    expect(charge?.amount).toBeGreaterThan(0);
    // Unused fraction of the period is the same on both sides, so the amounts scale 19:39.
    expect(Math.abs((charge?.amount ?? 0) / (credit?.amount ?? 1))).toBeCloseTo(39 / 19, 1);
    expect(updated.latest_invoice).toBeNull();
  });

  it('changes plan with none (no prorations) and with always_invoice (invoiced and paid now)', async () => {
    await bed.stripe.subscriptions.update('sub_demo_jordan', { items: [{ id: 'si_demo_jordan_basic', price: 'price_plus_monthly' }], proration_behavior: 'none' }, key());
    expect(bed.sandbox.state.invoiceItems.size).toBe(0);
    const invoices = bed.sandbox.state.invoices.size;
    const updated = await bed.stripe.subscriptions.update('sub_demo_jordan', { items: [{ id: 'si_demo_jordan_basic', price: 'price_basic_monthly' }], proration_behavior: 'always_invoice' }, key());
    expect(bed.sandbox.state.invoices.size).toBe(invoices + 1);
    // Down from Plus to Basic: the credit outweighs the charge, so nothing is due.
    const invoice = await bed.stripe.invoices.retrieve(String(updated.latest_invoice));
    expect(invoice).toMatchObject({ subscription: 'sub_demo_jordan', billing_reason: 'subscription_update', status: 'paid', amount_due: 0 });
    expect(invoice.total).toBeLessThan(0);
  });

  it('moving to a yearly price restarts the period and charges the new plan now', async () => {
    const before = Date.now() / 1000;
    const updated = await bed.stripe.subscriptions.update('sub_demo_jordan', { items: [{ id: 'si_demo_jordan_basic', price: 'price_plus_yearly' }], proration_behavior: 'always_invoice', expand: WITH_PRODUCT }, key());
    const item = updated.items.data[0];
    expect(item?.current_period_start).toBeGreaterThanOrEqual(Math.floor(before));
    expect(item?.current_period_end).toBeGreaterThan(before + 364 * 86_400);
    const invoice = await bed.stripe.invoices.retrieve(String(updated.latest_invoice));
    expect(invoice.status).toBe('paid');
    expect(invoice.amount_paid).toBeGreaterThan(39_000 - 1_900);
    expect(invoice.amount_paid).toBeLessThan(39_000);
    expect(updated.status).toBe('active');
  });

  it('refuses an unknown price, a one-off item id and an unknown proration behaviour', async () => {
    const badPrice = await failureOf(bed.stripe.subscriptions.update('sub_demo_jordan', { items: [{ id: 'si_demo_jordan_basic', price: 'price_missing' }] }));
    expect(badPrice).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'items[0][price]' });
    const badItem = await failureOf(bed.stripe.subscriptions.update('sub_demo_jordan', { items: [{ id: 'si_missing', price: 'price_plus_monthly' }] }));
    expect(badItem).toMatchObject({ statusCode: 400, param: 'items[0][id]' });
    const badBehaviour = await failureOf(bed.stripe.subscriptions.update('sub_demo_jordan', { proration_behavior: 'sometimes' as 'none' }));
    expect(badBehaviour).toMatchObject({ statusCode: 400, param: 'proration_behavior' });
    expect((await bed.stripe.subscriptions.retrieve('sub_demo_jordan')).items.data[0]?.price.id).toBe('price_basic_monthly');
  });

  it('schedules and unschedules cancellation at period end', async () => {
    const scheduled = await bed.stripe.subscriptions.update('sub_demo_jordan', { cancel_at_period_end: true }, key());
    const periodEnd = scheduled.items.data[0]?.current_period_end;
    expect(scheduled).toMatchObject({ status: 'active', cancel_at_period_end: true, cancel_at: periodEnd });
    expect(scheduled.canceled_at).toBeGreaterThan(0);
    const resumed = await bed.stripe.subscriptions.update('sub_demo_jordan', { cancel_at_period_end: false }, key());
    expect(resumed).toMatchObject({ cancel_at_period_end: false, cancel_at: null, canceled_at: null });
  });

  it('sets a default payment method only when it belongs to the subscription customer', async () => {
    const updated = await bed.stripe.subscriptions.update('sub_demo_jordan', { default_payment_method: 'pm_demo_jordan_visa' }, key());
    expect(updated.default_payment_method).toBe('pm_demo_jordan_visa');
    const foreign = await bed.stripe.paymentMethods.attach('pm_card_mastercard', { customer: 'cus_demo_sam' });
    const failure = await failureOf(bed.stripe.subscriptions.update('sub_demo_jordan', { default_payment_method: foreign.id }, key()));
    expect(failure).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(failure).toMatchObject({ statusCode: 400, param: 'default_payment_method' });
  });

  it('cancels now; the canceled subscription stays listed with status=all, and cannot be canceled again', async () => {
    const canceled = await bed.stripe.subscriptions.cancel('sub_demo_jordan', { expand: WITH_PRODUCT });
    expect(canceled).toMatchObject({ status: 'canceled' });
    expect(canceled.canceled_at).toBeGreaterThan(0);
    expect(canceled.ended_at).toBe(canceled.canceled_at);
    expect((await bed.stripe.subscriptions.list({ customer: 'cus_demo_jordan' })).data).toEqual([]);
    expect((await bed.stripe.subscriptions.list({ customer: 'cus_demo_jordan', status: 'all' })).data).toHaveLength(1);
    // Stripe answers a second cancel with "No such subscription" (404).
    expect(await failureOf(bed.stripe.subscriptions.cancel('sub_demo_jordan'))).toMatchObject({ statusCode: 404, code: 'resource_missing' });
    const update = await failureOf(bed.stripe.subscriptions.update('sub_demo_jordan', { cancel_at_period_end: true }));
    expect(update).toMatchObject({ statusCode: 400, message: 'A canceled subscription can only update its cancellation_details and metadata.' });
  });
});
