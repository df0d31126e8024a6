import { TenderError } from '../../core/errors.js';
import type { MutationContext, ProcessorAdapter } from '../../core/processor-port.js';
import type { Subscription } from '../../core/types.js';
import { braintreeCall, ensureStillWanted, readOptional, unwrap, type BraintreeDeps } from './calls.js';
import { liveCustomer } from './customers.js';
import { declineOf } from './declines.js';
import { isErrorResult, outcomeOfBraintreeFailure } from './errors.js';
import { mapPastDue, mapPlan, mapSubscription, prorationOptionsOf } from './subscription-mapping.js';
import type { WireCustomer, WirePlan, WireResult, WireSubscription } from './wire.js';

type SubscriptionOperations = Pick<
  ProcessorAdapter,
  | 'listSubscriptions'
  | 'listPlans'
  | 'changeSubscriptionPlan'
  | 'cancelSubscription'
  | 'updateSubscriptionPaymentMethod'
  | 'listPastDueSubscriptions'
>;

const SUBSCRIPTION = { kind: 'write', resourceField: 'subscription_id' } as const;
/** Braintree's "Subscription has already been canceled". */
const ALREADY_CANCELED = '81905';

/** A customer's subscriptions: Braintree lists them inside each vaulted payment method. */
function subscriptionsOf(customer: WireCustomer): WireSubscription[] {
  const cards = [...(customer.creditCards ?? []), ...(customer.applePayCards ?? []), ...(customer.androidPayCards ?? [])];
  const byId = new Map(cards.flatMap((card) => card.subscriptions ?? []).map((s) => [s.id, s] as const));
  return [...byId.values()];
}

export function subscriptionOperations(deps: BraintreeDeps): SubscriptionOperations {
  const { gateway } = deps;

  const plans = async (): Promise<Map<string, WirePlan>> => {
    const all = await braintreeCall({ kind: 'read' }, () => gateway.plan.all());
    return new Map(all.map((plan) => [plan.id, plan]));
  };

  const find = (subscriptionId: string) =>
    braintreeCall({ kind: 'read', resourceField: 'subscription_id' }, () => gateway.subscription.find(subscriptionId));

  /** A subscription names only its payment method; the method names the customer. */
  const neutral = async (wire: WireSubscription): Promise<Subscription> => {
    const [card, catalog] = await Promise.all([readOptional(() => gateway.paymentMethod.find(wire.paymentMethodToken)), plans()]);
    return mapSubscription(wire, card?.customerId ?? '', catalog, deps.currency);
  };

  const update = async (subscriptionId: string, attributes: Record<string, unknown>, ctx: MutationContext) => {
    ensureStillWanted(ctx);
    const result = await braintreeCall(SUBSCRIPTION, () => gateway.subscription.update(subscriptionId, attributes));
    return neutral(unwrapUpdate(result));
  };

  return {
    async listSubscriptions(customerId) {
      const [customer, catalog] = await Promise.all([liveCustomer(deps, customerId), plans()]);
      return subscriptionsOf(customer).map((wire) => mapSubscription(wire, customerId, catalog, deps.currency));
    },

    async listPastDueSubscriptions(customerId) {
      const [customer, catalog] = await Promise.all([liveCustomer(deps, customerId), plans()]);
      return subscriptionsOf(customer)
        .map((wire) => mapPastDue(wire, catalog, deps.currency))
        .filter((entry) => entry !== undefined);
    },

    async listPlans() {
      const catalog = await plans();
      return [...catalog.values()].map((plan) => mapPlan(plan, deps.currency));
    },

    /** Braintree keeps the old price when only the plan changes: the plan's price is sent with it. */
    async changeSubscriptionPlan(input, ctx) {
      const [, catalog] = await Promise.all([find(input.subscriptionId), plans()]);
      const plan = catalog.get(input.planId);
      if (!plan) throw new TenderError('not_found', 'plan_id: no such plan at Braintree', { field: 'plan_id' });
      const options = prorationOptionsOf(input.proration);
      return update(input.subscriptionId, { planId: plan.id, price: plan.price, ...(options ? { options } : {}) }, ctx);
    },

    /**
     * Immediately: Braintree's cancel. A repeated cancel (a retry after a lost answer)
     * finds it already canceled (81905) and reports it as it is.
     * At period end: Braintree cannot schedule a cancellation, so the subscription is
     * limited to the billing cycles it has run (`number_of_billing_cycles` = its current
     * cycle): it stays active, is not billed again, and expires when this period ends
     * (subscription-mapping.ts, cancelsAtPeriodEnd).
     */
    async cancelSubscription(input, ctx) {
      if (input.timing === 'at_period_end') {
        const current = await find(input.subscriptionId);
        if (current.status === 'Canceled' || current.status === 'Expired') {
          throw new TenderError('failed_precondition', `the subscription has already ended (${current.status})`, { field: 'subscription_id' });
        }
        const cycle = current.currentBillingCycle ?? 0;
        if (cycle < 1) {
          // In a trial no cycle has been billed: limiting it to one would still charge once.
          throw new TenderError('failed_precondition', 'the subscription is in its trial: cancel it immediately to end it without a charge', {
            field: 'timing',
          });
        }
        return update(input.subscriptionId, { neverExpires: false, numberOfBillingCycles: cycle }, ctx);
      }
      ensureStillWanted(ctx);
      const result = await braintreeCall(SUBSCRIPTION, () => gateway.subscription.cancel(input.subscriptionId));
      if (!result.success && result.errors.deepErrors().some((error) => error.code === ALREADY_CANCELED)) {
        return neutral(await find(input.subscriptionId));
      }
      return neutral(unwrap(result, 'subscription', SUBSCRIPTION));
    },

    async updateSubscriptionPaymentMethod(input, ctx) {
      return update(input.subscriptionId, { paymentMethodToken: input.paymentMethodId }, ctx);
    },
  };
}

/**
 * A subscription update answered with a transaction is a prorated charge that failed
 * and was reverted (prorate_and_invoice_now): the change did not happen.
 */
function unwrapUpdate(result: WireResult<'subscription', WireSubscription>): WireSubscription {
  if (isErrorResult(result) && result.transaction) {
    const decline = declineOf(result.transaction);
    throw new TenderError(
      'failed_precondition',
      `the prorated charge was declined (${decline?.reason ?? 'declined'}), so the subscription was not changed`,
      { field: 'proration' },
    );
  }
  if (result.success) return result.subscription;
  throw outcomeOfBraintreeFailure(result, SUBSCRIPTION);
}
