import { create } from '@bufbuild/protobuf';
import {
  CancelSubscriptionResponseSchema,
  CancelTiming,
  ChangeSubscriptionPlanResponseSchema,
  ListPlansResponseSchema,
  ListSubscriptionsResponseSchema,
  Proration,
  UpdateSubscriptionPaymentMethodResponseSchema,
  type SubscriptionService,
} from '../../gen/tender/v1/subscriptions_pb.js';
import { invalidField } from '../../core/errors.js';
import type { ProrationChoice } from '../../core/processor-port.js';
import type { Subscription } from '../../core/types.js';
import type { ServiceHandlers } from '../../server/bridge.js';
import type { CallContext } from '../../server/call-context.js';
import { audit } from '../audit.js';
import type { ApiDeps } from '../deps.js';
import { runIdempotent } from '../idempotent.js';
import { fromEnum } from '../mapping/enums.js';
import { planMessage, subscriptionMessage } from '../mapping/subscriptions.js';
import { requireCapability, type AccountEntry } from '../registry.js';
import { loadCustomer, localIdIn } from './lookups.js';

/** Resolves a subscription id and checks the account can manage subscriptions. */
function subscriptionAccount(deps: ApiDeps, call: CallContext, id: string) {
  const resolved = deps.registry.resolve(call.principal.tenant, 'subscription_id', id);
  requireCapability(resolved.account, 'subscriptions');
  return resolved;
}

async function changed(deps: ApiDeps, call: CallContext, account: AccountEntry, type: string, subscription: Subscription) {
  await audit(deps, call, account, type, {
    subscriptionId: subscription.id, status: subscription.status, planId: subscription.plan.id,
    cancelAtPeriodEnd: subscription.cancelAtPeriodEnd,
  });
}

export function subscriptionHandlers(deps: ApiDeps): ServiceHandlers<typeof SubscriptionService> {
  return {
    async listSubscriptions(request, call) {
      const { account, customer } = await loadCustomer(deps, call, 'customer_id', request.customerId);
      requireCapability(account, 'subscriptions');
      const subscriptions = await account.adapter.listSubscriptions(customer.id);
      return create(ListSubscriptionsResponseSchema, {
        subscriptions: subscriptions.map((subscription) => subscriptionMessage(account, subscription)),
      });
    },

    async listPlans(request, call) {
      const account = deps.registry.account(call.principal.tenant, 'account_id', request.accountId);
      requireCapability(account, 'subscriptions');
      const plans = await account.adapter.listPlans();
      return create(ListPlansResponseSchema, { plans: plans.map((plan) => planMessage(account, plan)) });
    },

    async changeSubscriptionPlan(request, call) {
      const { account, localId: subscriptionId } = subscriptionAccount(deps, call, request.subscriptionId);
      const planId = localIdIn(deps, call, account, 'plan_id', request.planId);
      if (planId === '') throw invalidField('plan_id', 'required');
      const proration: ProrationChoice = fromEnum<ProrationChoice>(Proration, request.proration) ?? 'default';
      if (proration !== 'default') requireCapability(account, 'subscription_proration');
      return runIdempotent(deps.idempotency, call, {
        key: request.idempotencyKey, request, responseSchema: ChangeSubscriptionPlanResponseSchema,
      }, async (ctx) => {
        const subscription = await account.adapter.changeSubscriptionPlan({ subscriptionId, planId, proration }, ctx);
        await changed(deps, call, account, 'subscription.plan_changed', subscription);
        return { response: create(ChangeSubscriptionPlanResponseSchema, { subscription: subscriptionMessage(account, subscription) }), final: true };
      });
    },

    async cancelSubscription(request, call) {
      const { account, localId: subscriptionId } = subscriptionAccount(deps, call, request.subscriptionId);
      const timing = fromEnum<'immediately' | 'at_period_end'>(CancelTiming, request.timing);
      if (!timing) throw invalidField('timing', 'required: IMMEDIATELY or AT_PERIOD_END');
      if (timing === 'at_period_end') requireCapability(account, 'subscription_cancel_at_period_end');
      return runIdempotent(deps.idempotency, call, {
        key: request.idempotencyKey, request, responseSchema: CancelSubscriptionResponseSchema,
      }, async (ctx) => {
        const subscription = await account.adapter.cancelSubscription({ subscriptionId, timing }, ctx);
        await changed(deps, call, account, 'subscription.canceled', subscription);
        return { response: create(CancelSubscriptionResponseSchema, { subscription: subscriptionMessage(account, subscription) }), final: true };
      });
    },

    async updateSubscriptionPaymentMethod(request, call) {
      const { account, localId: subscriptionId } = subscriptionAccount(deps, call, request.subscriptionId);
      requireCapability(account, 'subscription_payment_method_change');
      const paymentMethodId = localIdIn(deps, call, account, 'payment_method_id', request.paymentMethodId);
      if (paymentMethodId === '') throw invalidField('payment_method_id', 'required');
      return runIdempotent(deps.idempotency, call, {
        key: request.idempotencyKey, request, responseSchema: UpdateSubscriptionPaymentMethodResponseSchema,
      }, async (ctx) => {
        const subscription = await account.adapter.updateSubscriptionPaymentMethod({ subscriptionId, paymentMethodId }, ctx);
        await changed(deps, call, account, 'subscription.payment_method_changed', subscription);
        return {
          response: create(UpdateSubscriptionPaymentMethodResponseSchema, { subscription: subscriptionMessage(account, subscription) }),
          final: true,
        };
      });
    },
  };
}
