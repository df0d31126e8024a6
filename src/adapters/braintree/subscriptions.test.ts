import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MutationContext } from '../../core/processor-port.js';
import { vaultTestCard } from '../../sandboxes/braintree/test-cards.js';
import { countSales, startBraintreeTestBed, type BraintreeTestBed } from './testing/test-bed.js';

let bed: BraintreeTestBed;
beforeEach(async () => {
  bed = await startBraintreeTestBed();
});
afterEach(() => bed.close());

const ctx = (): MutationContext => ({ processorIdempotencyKey: `test-${randomUUID()}` });
const DAY = 86_400;

describe('subscriptions', () => {
  it("lists a customer's subscriptions and the past-due balance Braintree holds", async () => {
    const [sam] = await bed.adapter.listSubscriptions('demo_sam');
    expect(sam).toMatchObject({
      id: 'demo_sam_plus', customerId: 'demo_sam', status: 'past_due', cancelAtPeriodEnd: false, paymentMethodId: 'demo_sam_visa_declines',
      plan: { id: 'plus_monthly', name: 'Plus', amount: { amount: 3_900, currency: 'USD' }, interval: 'month', intervalCount: 1 },
    });
    expect(await bed.adapter.listPastDueSubscriptions?.('demo_sam')).toEqual([
      { subscriptionId: 'demo_sam_plus', balance: { amount: 3_900, currency: 'USD' }, description: 'Plus subscription, renewal unpaid', daysPastDue: 5 },
    ]);
    expect(await bed.adapter.listPastDueSubscriptions?.('demo_jordan')).toEqual([]);
    expect((await bed.adapter.listPlans()).map((plan) => [plan.id, plan.interval, plan.intervalCount])).toEqual([
      ['basic_monthly', 'month', 1], ['plus_monthly', 'month', 1], ['plus_yearly', 'year', 1],
    ]);
  });

  it('cancels at period end: still active, no further charge, expired when the period ends', async () => {
    const later = await bed.adapter.cancelSubscription({ subscriptionId: 'demo_jordan_basic', timing: 'at_period_end' }, ctx());
    expect(later).toMatchObject({ status: 'active', cancelAtPeriodEnd: true, customerId: 'demo_jordan' });
    const sales = countSales(bed.sandbox);
    bed.sandbox.state.clock.advance(40 * DAY);
    const [ended] = await bed.adapter.listSubscriptions('demo_jordan');
    expect(ended).toMatchObject({ id: 'demo_jordan_basic', status: 'canceled', cancelAtPeriodEnd: false });
    expect(countSales(bed.sandbox)).toBe(sales);
    await expect(bed.adapter.cancelSubscription({ subscriptionId: 'demo_jordan_basic', timing: 'at_period_end' }, ctx())).rejects.toMatchObject({ code: 'failed_precondition' });
  });

  it('cancels now, and a repeated cancel reports it canceled', async () => {
    const now = await bed.adapter.cancelSubscription({ subscriptionId: 'demo_jordan_basic', timing: 'immediately' }, ctx());
    expect(now).toMatchObject({ status: 'canceled', customerId: 'demo_jordan' });
    expect(now.canceledAt).toBeInstanceOf(Date);
    expect((await bed.adapter.cancelSubscription({ subscriptionId: 'demo_jordan_basic', timing: 'immediately' }, ctx())).status).toBe('canceled');
    await expect(bed.adapter.cancelSubscription({ subscriptionId: 'nope', timing: 'immediately' }, ctx())).rejects.toMatchObject({ code: 'not_found', field: 'subscription_id' });
  });

  it('changes plan at the plan price: prorated now by default, not at all with none', async () => {
    const sales = countSales(bed.sandbox);
    const changed = await bed.adapter.changeSubscriptionPlan({ subscriptionId: 'demo_jordan_basic', planId: 'plus_monthly', proration: 'prorate_and_invoice_now' }, ctx());
    expect(changed.plan).toMatchObject({ id: 'plus_monthly', amount: { amount: 3_900, currency: 'USD' } });
    expect(countSales(bed.sandbox)).toBe(sales + 1);
    await bed.adapter.changeSubscriptionPlan({ subscriptionId: 'demo_jordan_basic', planId: 'basic_monthly', proration: 'none' }, ctx());
    expect(countSales(bed.sandbox)).toBe(sales + 1);
    expect(bed.sandbox.state.subscriptions.get('demo_jordan_basic')).toMatchObject({ planId: 'basic_monthly', price: 1_900, balance: 0 });
  });

  it('keeps the plan when the prorated charge declines and it must be paid now; carries it with prorate', async () => {
    const card = vaultTestCard(bed.sandbox.state, 'demo_jordan', { declineCode: '2001' });
    const moved = await bed.adapter.updateSubscriptionPaymentMethod({ subscriptionId: 'demo_jordan_basic', paymentMethodId: card.token }, ctx());
    expect(moved.paymentMethodId).toBe(card.token);
    const now = bed.adapter.changeSubscriptionPlan({ subscriptionId: 'demo_jordan_basic', planId: 'plus_monthly', proration: 'prorate_and_invoice_now' }, ctx());
    await expect(now).rejects.toMatchObject({ code: 'failed_precondition', message: expect.stringContaining('insufficient_funds') });
    expect(bed.sandbox.state.subscriptions.get('demo_jordan_basic')?.planId).toBe('basic_monthly');
    const carried = await bed.adapter.changeSubscriptionPlan({ subscriptionId: 'demo_jordan_basic', planId: 'plus_monthly', proration: 'prorate' }, ctx());
    expect(carried.plan.id).toBe('plus_monthly');
    expect(bed.sandbox.state.subscriptions.get('demo_jordan_basic')?.balance).toBeGreaterThan(0);
  });

  it('refuses an unknown plan, a plan with another billing frequency, a past-due price change', async () => {
    const change = (subscriptionId: string, planId: string) => bed.adapter.changeSubscriptionPlan({ subscriptionId, planId, proration: 'default' }, ctx());
    await expect(change('demo_jordan_basic', 'gold')).rejects.toMatchObject({ code: 'not_found', field: 'plan_id' });
    await expect(change('demo_jordan_basic', 'plus_yearly')).rejects.toMatchObject({ code: 'failed_precondition' });
    await expect(change('demo_sam_plus', 'basic_monthly')).rejects.toMatchObject({ code: 'failed_precondition' });
  });
});
