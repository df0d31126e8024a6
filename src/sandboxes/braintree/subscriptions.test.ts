import type braintree from 'braintree';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dayOf, daysBetween } from './calendar.js';
import { vaultTestCard } from './test-cards.js';
import { codesOf, openTestBed, searchWith, type SandboxTestBed } from './testing/test-bed.js';

let bed: SandboxTestBed;
beforeEach(async () => {
  bed = await openTestBed();
});
afterEach(() => bed.close());

const update = (id: string, attributes: Record<string, unknown>) =>
  bed.gateway.subscription.update(id, attributes as unknown as braintree.SubscriptionRequest);
const jordan = () => bed.sandbox.state.subscriptions.get('demo_jordan_basic');
const DAY = 86_400;

/** The seeded period's share of a price difference still to run, as Braintree prorates it. */
function prorated(difference: number): number {
  const s = jordan();
  if (!s) throw new Error('seed missing');
  const today = dayOf(bed.sandbox.state.clock.now());
  const total = daysBetween(s.billingPeriodStartDate, s.billingPeriodEndDate) + 1;
  return Math.round((difference * (daysBetween(today, s.billingPeriodEndDate) + 1)) / total);
}

describe('plans and subscriptions', () => {
  it('lists the plans with price and billing frequency in months', async () => {
    const plans = await bed.gateway.plan.all();
    expect(plans.map((p) => [p.id, p.price, p.billingFrequency])).toEqual([
      ['basic_monthly', '19.00', 1], ['plus_monthly', '39.00', 1], ['plus_yearly', '390.00', 12],
    ]);
  });

  it('seeds a Past Due subscription whose renewal declined five days ago', async () => {
    const sam = await bed.gateway.subscription.find('demo_sam_plus');
    expect(sam).toMatchObject({ status: 'Past Due', balance: '39.00', daysPastDue: 5, failureCount: 1, paymentMethodToken: 'demo_sam_visa_declines' });
    expect(sam.transactions?.[0]).toMatchObject({ status: 'processor_declined', processorResponseCode: '2001', subscriptionId: 'demo_sam_plus' });
    const pastDue = await searchWith<braintree.Subscription>(bed.gateway.subscription, (s) => s.status().in(['Past Due']));
    expect(pastDue.map((s) => s.id)).toEqual(['demo_sam_plus']);
    expect(codesOf(await update('demo_sam_plus', { price: '45.00' }))).toEqual(['91920']);
  });
});

describe('update with proration', () => {
  it('charges an upgrade now and credits a downgrade to the balance', async () => {
    const before = bed.sandbox.state.transactions.size;
    const up = await update('demo_jordan_basic', { planId: 'plus_monthly', price: '39.00', options: { prorateCharges: true } });
    expect(up.success).toBe(true);
    expect(up.subscription).toMatchObject({ planId: 'plus_monthly', price: '39.00', balance: '0.00' });
    const charge = [...bed.sandbox.state.transactions.values()].at(-1);
    expect(bed.sandbox.state.transactions.size).toBe(before + 1);
    expect(charge).toMatchObject({ amount: prorated(2_000), subscriptionId: 'demo_jordan_basic', status: 'submitted_for_settlement' });

    const down = await update('demo_jordan_basic', { planId: 'basic_monthly', price: '19.00', options: { prorateCharges: true } });
    expect(down.subscription.balance).toBe(`-${(prorated(2_000) / 100).toFixed(2)}`);
    const flat = await update('demo_jordan_basic', { price: '29.00', options: { prorateCharges: false } });
    expect(flat.subscription).toMatchObject({ price: '29.00', balance: down.subscription.balance });
  });

  it('reverts an upgrade whose prorated charge declines, unless told not to', async () => {
    const card = vaultTestCard(bed.sandbox.state, 'demo_jordan', { declineCode: '2001' });
    expect((await update('demo_jordan_basic', { paymentMethodToken: card.token })).subscription.paymentMethodToken).toBe(card.token);
    const reverted = await update('demo_jordan_basic', { planId: 'plus_monthly', price: '39.00', options: { prorateCharges: true } });
    expect(reverted.success).toBe(false);
    expect(reverted.transaction).toMatchObject({ status: 'processor_declined', processorResponseCode: '2001' });
    expect(jordan()?.planId).toBe('basic_monthly');
    const kept = await update('demo_jordan_basic', {
      planId: 'plus_monthly', price: '39.00', options: { prorateCharges: true, revertSubscriptionOnProrationFailure: false },
    });
    expect(kept.subscription).toMatchObject({ planId: 'plus_monthly', balance: (prorated(2_000) / 100).toFixed(2) });
  });

  it('refuses an unknown plan, another billing frequency, an unknown token, too few cycles', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ planId: 'gold' }, '91904'],
      [{ planId: 'plus_yearly' }, '91922'],
      [{ paymentMethodToken: 'nope' }, '91903'],
      [{ neverExpires: false, numberOfBillingCycles: 1 }, '91909'],
    ];
    for (const [attributes, code] of cases) expect(codesOf(await update('demo_jordan_basic', attributes))).toEqual([code]);
  });
});

describe('billing by the sandbox clock', () => {
  it('renews, then expires after its last cycle without charging, with notifications', async () => {
    bed.sandbox.state.clock.advance(40 * DAY);
    const renewed = await bed.gateway.subscription.find('demo_jordan_basic');
    expect(renewed).toMatchObject({ status: 'Active', currentBillingCycle: 3, balance: '0.00' });
    expect(renewed.transactions).toHaveLength(3);

    const ending = await update('demo_jordan_basic', { neverExpires: false, numberOfBillingCycles: 3 });
    expect(ending.subscription).toMatchObject({ status: 'Active', numberOfBillingCycles: 3, neverExpires: false });
    bed.sandbox.state.clock.advance(40 * DAY);
    const expired = await bed.gateway.subscription.find('demo_jordan_basic');
    expect(expired).toMatchObject({ status: 'Expired', currentBillingCycle: 3 });
    expect(expired.transactions).toHaveLength(3);
    const kinds = bed.sandbox.state.notifications.filter((n) => n.subjectId === 'demo_jordan_basic').map((n) => n.kind);
    expect(kinds).toEqual(['subscription_charged_successfully', 'subscription_expired']);
  });

  it('goes Past Due with the price owed when the renewal declines', async () => {
    const card = vaultTestCard(bed.sandbox.state, 'demo_jordan', { declineCode: '2046' });
    await update('demo_jordan_basic', { paymentMethodToken: card.token });
    const response = await fetch(`${bed.sandbox.url}/_sandbox/clock/advance`, { method: 'POST', body: JSON.stringify({ seconds: 40 * DAY }) });
    expect(response.status).toBe(200);
    expect(jordan()).toMatchObject({ status: 'Past Due', balance: 1_900, failureCount: 1 });
    const kinds = bed.sandbox.state.notifications.filter((n) => n.subjectId === 'demo_jordan_basic').map((n) => n.kind);
    expect(kinds).toEqual(['subscription_charged_unsuccessfully', 'subscription_went_past_due']);
  });
});

describe('cancel', () => {
  it('cancels once (81905 after), and a canceled subscription cannot be updated (81901)', async () => {
    const canceled = await bed.gateway.subscription.cancel('demo_jordan_basic');
    expect(canceled.subscription.status).toBe('Canceled');
    expect(codesOf(await bed.gateway.subscription.cancel('demo_jordan_basic'))).toEqual(['81905']);
    expect(codesOf(await update('demo_jordan_basic', { planId: 'plus_monthly' }))).toEqual(['81901']);
    expect(bed.sandbox.state.notifications.map((n) => n.kind)).toEqual(['subscription_canceled']);
  });
});
