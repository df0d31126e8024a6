import { create } from '@bufbuild/protobuf';
import {
  BillingInterval,
  PlanSchema,
  SubscriptionSchema,
  SubscriptionStatus,
  type Plan as PlanMessage,
  type Subscription as SubscriptionMessage,
} from '../../gen/tender/v1/subscriptions_pb.js';
import { formatId, formatOptionalId } from '../../core/ids.js';
import type { Plan, Subscription } from '../../core/types.js';
import type { AccountEntry } from '../registry.js';
import { moneyMessage, timestamp } from './common.js';
import { toEnum } from './enums.js';

export function planMessage(account: AccountEntry, plan: Plan): PlanMessage {
  return create(PlanSchema, {
    id: formatId(account.id, plan.id),
    name: plan.name,
    amount: moneyMessage(plan.amount),
    interval: toEnum(BillingInterval, plan.interval),
    intervalCount: plan.intervalCount,
  });
}

export function subscriptionMessage(account: AccountEntry, subscription: Subscription): SubscriptionMessage {
  return create(SubscriptionSchema, {
    id: formatId(account.id, subscription.id),
    customerId: formatOptionalId(account.id, subscription.customerId),
    status: toEnum(SubscriptionStatus, subscription.status),
    plan: planMessage(account, subscription.plan),
    currentPeriodEnd: timestamp(subscription.currentPeriodEnd),
    cancelAtPeriodEnd: subscription.cancelAtPeriodEnd,
    paymentMethodId: formatOptionalId(account.id, subscription.paymentMethodId),
    canceledAt: timestamp(subscription.canceledAt),
  });
}
