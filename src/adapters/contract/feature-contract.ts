import { describe, expect, it } from 'vitest';
import type { ContractFixture } from './contract-fixture.js';
import { money, newContext, whenCapable, type FixtureOf } from './contract-helpers.js';

/**
 * The seeded subscription, which the fixture must provide when subscriptions are
 * declared. An adapter without them gets placeholder ids: it must refuse the call as
 * unimplemented whatever ids it is given.
 */
function seededSubscription(f: ContractFixture): { subscriptionId: string; otherPlanId: string } {
  const { subscriptionId, otherPlanId } = f.seeded;
  if (subscriptionId && otherPlanId) return { subscriptionId, otherPlanId };
  if (!f.adapter.capabilities.has('subscriptions')) return { subscriptionId: 'contract_no_subscription', otherPlanId: 'contract_no_plan' };
  throw new Error('fixture declares subscriptions but seeds none');
}

/** Payment links and subscriptions: capability-gated features. */
export function featureContract(fixtureOf: FixtureOf): void {
  describe('payment links', () => {
    it('creates a link that reads back open, for the amount and customer asked', async () => {
      const f = fixtureOf();
      await whenCapable(f, 'payment_link', async () => {
        const expiresAt = new Date(Date.now() + 3600_000);
        const input = { amount: money(f, 24700), customerId: f.seeded.customerId, invoiceId: '', description: 'Plumbing repair', expiresAt };
        const link = await f.adapter.createPaymentLink(input, newContext());
        expect(link).toMatchObject({ status: 'open', amount: input.amount, customerId: input.customerId, paymentId: '' });
        expect(link.url).toMatch(/^https?:\/\//);
        expect(await f.adapter.getPaymentLink(link.id)).toEqual(link);
        expect(await f.adapter.getPaymentLink('contract_missing_link')).toBeUndefined();
      });
    });

    it('honours the requested expiry within the declared bounds', async () => {
      const f = fixtureOf();
      await whenCapable(f, 'payment_link_expiry', async () => {
        const bounds = f.adapter.paymentLinkExpiryBounds;
        const seconds = (bounds?.minSeconds ?? 0) + 120;
        const expiresAt = new Date(Math.floor(Date.now() / 1000 + seconds) * 1000);
        const input = { amount: money(f, 5000), customerId: '', invoiceId: '', description: '', expiresAt };
        const link = await f.adapter.createPaymentLink(input, newContext());
        // After the call: an adapter without the capability must first answer unimplemented.
        expect(bounds).toBeDefined();
        expect(link.expiresAt?.getTime()).toBe(expiresAt.getTime());
      });
    });
  });

  describe('subscriptions', () => {
    it('lists the customer subscriptions and the plans on offer', async () => {
      const f = fixtureOf();
      await whenCapable(f, 'subscriptions', async () => {
        const { subscriptionId, otherPlanId } = seededSubscription(f);
        const subscriptions = await f.adapter.listSubscriptions(f.seeded.customerId);
        const seeded = subscriptions.find((s) => s.id === subscriptionId);
        expect(seeded).toMatchObject({ customerId: f.seeded.customerId, status: 'active', cancelAtPeriodEnd: false });
        const planIds = (await f.adapter.listPlans()).map((plan) => plan.id);
        expect(planIds).toContain(otherPlanId);
        expect(planIds).toContain(seeded?.plan.id);
      });
    });

    it('changes the plan, with and without proration', async () => {
      const f = fixtureOf();
      await whenCapable(f, 'subscriptions', async () => {
        const { subscriptionId, otherPlanId } = seededSubscription(f);
        const original = (await f.adapter.listSubscriptions(f.seeded.customerId)).find((s) => s.id === subscriptionId);
        const changed = await f.adapter.changeSubscriptionPlan({ subscriptionId, planId: otherPlanId, proration: 'default' }, newContext());
        expect(changed.plan.id).toBe(otherPlanId);
        if (!original) throw new Error('seeded subscription missing');
        await whenCapable(f, 'subscription_proration', async () => {
          const back = await f.adapter.changeSubscriptionPlan(
            { subscriptionId, planId: original.plan.id, proration: 'none' },
            newContext(),
          );
          expect(back.plan.id).toBe(original.plan.id);
        });
      });
    });

    it('changes the payment method', async () => {
      const f = fixtureOf();
      await whenCapable(f, 'subscription_payment_method_change', async () => {
        const { subscriptionId } = seededSubscription(f);
        const updated = await f.adapter.updateSubscriptionPaymentMethod(
          { subscriptionId, paymentMethodId: f.seeded.defaultPaymentMethodId },
          newContext(),
        );
        expect(updated.paymentMethodId).toBe(f.seeded.defaultPaymentMethodId);
      });
    });

    it('cancels at period end, then immediately', async () => {
      const f = fixtureOf();
      await whenCapable(f, 'subscriptions', async () => {
        const { subscriptionId } = seededSubscription(f);
        await whenCapable(f, 'subscription_cancel_at_period_end', async () => {
          const later = await f.adapter.cancelSubscription({ subscriptionId, timing: 'at_period_end' }, newContext());
          expect(later).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });
        });
        const ctx = newContext();
        const now = await f.adapter.cancelSubscription({ subscriptionId, timing: 'immediately' }, ctx);
        expect(now.status).toBe('canceled');
        expect((await f.adapter.cancelSubscription({ subscriptionId, timing: 'immediately' }, ctx)).status).toBe('canceled');
      });
    });
  });
}
