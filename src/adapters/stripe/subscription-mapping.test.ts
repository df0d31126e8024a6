import { describe, expect, it } from 'vitest';
import { isPlanPrice, mapPrice, mapSubscription, prorationBehaviorOf } from './subscription-mapping.js';
import { CREATED, priceWire, subscriptionWire } from './testing/wire-fixtures.js';

describe('mapPrice', () => {
  it('names a plan by nickname, then product name, then id', () => {
    expect(mapPrice(priceWire({ nickname: 'Basic' })).name).toBe('Basic');
    expect(mapPrice(priceWire({ product: { id: 'prod_QXg1hqf4jFNsqG', name: 'T-shirt' } })).name).toBe('T-shirt');
    expect(mapPrice(priceWire()).name).toBe('price_1PgafmB7WZ01zgkW6dKueIc5');
  });

  it('maps amount and interval', () => {
    expect(mapPrice(priceWire({ recurring: { interval: 'year', interval_count: 1 }, unit_amount: 39000 }))).toEqual({
      id: 'price_1PgafmB7WZ01zgkW6dKueIc5',
      name: 'price_1PgafmB7WZ01zgkW6dKueIc5',
      amount: { amount: 39000, currency: 'USD' },
      interval: 'year',
      intervalCount: 1,
    });
  });

  it('offers only flat recurring prices as plans', () => {
    expect(isPlanPrice(priceWire())).toBe(true);
    expect(isPlanPrice(priceWire({ unit_amount: null }))).toBe(false);
    expect(isPlanPrice(priceWire({ recurring: null }))).toBe(false);
  });
});

describe('mapSubscription', () => {
  it('maps the first item as the plan and its period end', () => {
    const subscription = mapSubscription(subscriptionWire({ default_payment_method: { id: 'pm_1' } }));
    expect(subscription).toEqual({
      id: 'sub_1Pgc6rB7WZ01zgkWNy0Cn5nw',
      customerId: 'cus_QXg1o8vcGmoR32',
      status: 'active',
      plan: mapPrice(priceWire()),
      currentPeriodEnd: new Date((CREATED + 2_592_000) * 1000),
      cancelAtPeriodEnd: false,
      paymentMethodId: 'pm_1',
    });
  });

  it('maps cancellation fields and treats incomplete_expired as canceled', () => {
    const subscription = mapSubscription(
      subscriptionWire({ status: 'incomplete_expired', canceled_at: CREATED, cancel_at_period_end: true }),
    );
    expect(subscription.status).toBe('canceled');
    expect(subscription.canceledAt).toEqual(new Date(CREATED * 1000));
    expect(subscription.cancelAtPeriodEnd).toBe(true);
  });
});

describe('prorationBehaviorOf', () => {
  it.each([
    ['default', undefined],
    ['prorate', 'create_prorations'],
    ['none', 'none'],
    ['prorate_and_invoice_now', 'always_invoice'],
  ] as const)('maps %s to %s', (choice, behaviour) => {
    expect(prorationBehaviorOf(choice)).toBe(behaviour);
  });
});
