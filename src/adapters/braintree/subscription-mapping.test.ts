import { describe, expect, it } from 'vitest';
import { cancelsAtPeriodEnd, mapPastDue, mapPlan, mapSubscription, prorationOptionsOf, subscriptionStatusOf } from './subscription-mapping.js';
import { planWire, subscriptionWire } from './testing/wire-fixtures.js';

const plans = new Map([['silver_plan', planWire()]]);

describe('Braintree subscription mapping', () => {
  it('reads billing frequency in months, twelve as a year', () => {
    expect(mapPlan(planWire(), 'USD')).toEqual({ id: 'silver_plan', name: 'Silver', amount: { amount: 1200, currency: 'USD' }, interval: 'month', intervalCount: 1 });
    expect(mapPlan(planWire({ billingFrequency: 24 }), 'USD')).toMatchObject({ interval: 'year', intervalCount: 2 });
    expect(mapPlan(planWire({ billingFrequency: 3 }), 'USD')).toMatchObject({ interval: 'month', intervalCount: 3 });
  });

  it.each([
    ['Active', 'active'], ['Past Due', 'past_due'], ['Canceled', 'canceled'], ['Expired', 'canceled'], ['Pending', 'incomplete'],
  ])('status %s is %s', (status, expected) => {
    expect(subscriptionStatusOf(subscriptionWire({ status }))).toBe(expected);
  });

  it('reads cancel at period end as "expires after its current cycle"', () => {
    expect(cancelsAtPeriodEnd(subscriptionWire())).toBe(false);
    expect(cancelsAtPeriodEnd(subscriptionWire({ neverExpires: false, numberOfBillingCycles: 3 }))).toBe(true);
    expect(cancelsAtPeriodEnd(subscriptionWire({ neverExpires: false, numberOfBillingCycles: 12 }))).toBe(false);
    expect(cancelsAtPeriodEnd(subscriptionWire({ neverExpires: false, numberOfBillingCycles: 3, status: 'Expired' }))).toBe(false);
  });

  it('maps a subscription at its own price, its period end the next billing date', () => {
    expect(mapSubscription(subscriptionWire({ price: '10.00' }), 'a_customer_id', plans, 'USD')).toEqual({
      id: 'the_subscription_id', customerId: 'a_customer_id', status: 'active',
      plan: { id: 'silver_plan', name: 'Silver', amount: { amount: 1000, currency: 'USD' }, interval: 'month', intervalCount: 1 },
      cancelAtPeriodEnd: false, paymentMethodId: 'the_token', currentPeriodEnd: new Date('2026-12-20T00:00:00Z'),
    });
    const canceled = subscriptionWire({ status: 'Canceled', statusHistory: [{ status: 'Canceled', timestamp: '2026-11-01T10:00:00Z' }, { status: 'Active', timestamp: '2026-09-20T00:00:00Z' }] });
    expect(mapSubscription(canceled, 'c', plans, 'USD')).toMatchObject({ status: 'canceled', canceledAt: new Date('2026-11-01T10:00:00Z') });
  });

  it('reports only Past Due subscriptions that owe something', () => {
    expect(mapPastDue(subscriptionWire({ status: 'Past Due', balance: '12.00', daysPastDue: 4 }), plans, 'USD')).toEqual({
      subscriptionId: 'the_subscription_id', balance: { amount: 1200, currency: 'USD' }, description: 'Silver subscription, renewal unpaid', daysPastDue: 4,
    });
    expect(mapPastDue(subscriptionWire({ balance: '12.00' }), plans, 'USD')).toBeUndefined();
    expect(mapPastDue(subscriptionWire({ status: 'Past Due', balance: '0.00' }), plans, 'USD')).toBeUndefined();
  });

  it('turns the proration choice into Braintree options', () => {
    expect(prorationOptionsOf('default')).toBeUndefined();
    expect(prorationOptionsOf('none')).toEqual({ prorateCharges: false });
    expect(prorationOptionsOf('prorate')).toEqual({ prorateCharges: true, revertSubscriptionOnProrationFailure: false });
    expect(prorationOptionsOf('prorate_and_invoice_now')).toEqual({ prorateCharges: true, revertSubscriptionOnProrationFailure: true });
  });
});
