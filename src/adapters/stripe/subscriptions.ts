import { TenderError } from '../../core/errors.js';
import type { ProcessorAdapter } from '../../core/processor-port.js';
import { ensureStillWanted, mutationOptions, stripeCall, type StripeDeps } from './calls.js';
import { outcomeOfStripeError } from './errors.js';
import { isPlanPrice, mapPrice, mapSubscription, prorationBehaviorOf } from './subscription-mapping.js';

type SubscriptionOperations = Pick<
  ProcessorAdapter,
  | 'listSubscriptions'
  | 'listPlans'
  | 'changeSubscriptionPlan'
  | 'cancelSubscription'
  | 'updateSubscriptionPaymentMethod'
>;

const SUBSCRIPTION = { kind: 'write', resourceField: 'subscription_id' } as const;

/** Stripe answers a DELETE of a canceled subscription "No such subscription" (404). */
const REFUSALS_OF_A_REPEATED_CANCEL: ReadonlySet<string> = new Set(['not_found', 'invalid_argument', 'failed_precondition']);

/** Expanded like the list, so a plan reads the same (product name) from every call. */
const WITH_PRODUCT = ['items.data.price.product'];

export function subscriptionOperations(deps: StripeDeps): SubscriptionOperations {
  const { stripe } = deps;

  const retrieve = (subscriptionId: string) =>
    stripeCall({ kind: 'read', resourceField: 'subscription_id' }, () =>
      stripe.subscriptions.retrieve(subscriptionId, { expand: WITH_PRODUCT }),
    );

  return {
    async listSubscriptions(customerId) {
      const list = await stripeCall({ kind: 'read', resourceField: 'customer_id' }, () =>
        stripe.subscriptions.list({
          customer: customerId,
          status: 'all',
          expand: ['data.items.data.price.product'],
        }),
      );
      return list.data.map(mapSubscription);
    },

    async listPlans() {
      const prices = await stripeCall({ kind: 'read' }, () =>
        stripe.prices.list({ active: true, type: 'recurring', expand: ['data.product'] }),
      );
      return prices.data.filter(isPlanPrice).map(mapPrice);
    },

    /** Tender subscriptions have one plan: Stripe's first item changes price in place. */
    async changeSubscriptionPlan(input, ctx) {
      const current = await retrieve(input.subscriptionId);
      const item = current.items.data[0];
      if (!item) {
        throw new TenderError('failed_precondition', 'subscription has no plan to change', {
          field: 'subscription_id',
        });
      }
      const proration = prorationBehaviorOf(input.proration);
      const updated = await stripeCall(SUBSCRIPTION, () =>
        stripe.subscriptions.update(
          input.subscriptionId,
          {
            items: [{ id: item.id, price: input.planId }],
            ...(proration ? { proration_behavior: proration } : {}),
            expand: WITH_PRODUCT,
          },
          mutationOptions(ctx),
        ),
      );
      return mapSubscription(updated);
    },

    /**
     * Immediate cancellation is a DELETE, which Stripe does not deduplicate by key: a
     * repeated cancel (a retry after a lost response) finds the subscription already
     * canceled (Stripe then answers 404) and reports it as such instead of failing.
     */
    async cancelSubscription(input, ctx) {
      if (input.timing === 'at_period_end') {
        const updated = await stripeCall(SUBSCRIPTION, () =>
          stripe.subscriptions.update(
            input.subscriptionId,
            { cancel_at_period_end: true, expand: WITH_PRODUCT },
            mutationOptions(ctx),
          ),
        );
        return mapSubscription(updated);
      }
      try {
        ensureStillWanted(ctx);
        return mapSubscription(await stripe.subscriptions.cancel(input.subscriptionId, { expand: WITH_PRODUCT }));
      } catch (error) {
        const failure = outcomeOfStripeError(error, SUBSCRIPTION);
        if (!REFUSALS_OF_A_REPEATED_CANCEL.has(failure.code)) throw failure;
        const current = await retrieve(input.subscriptionId);
        if (current.status !== 'canceled') throw failure;
        return mapSubscription(current);
      }
    },

    async updateSubscriptionPaymentMethod(input, ctx) {
      const updated = await stripeCall(SUBSCRIPTION, () =>
        stripe.subscriptions.update(
          input.subscriptionId,
          { default_payment_method: input.paymentMethodId, expand: WITH_PRODUCT },
          mutationOptions(ctx),
        ),
      );
      return mapSubscription(updated);
    },
  };
}
