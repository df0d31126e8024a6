import { pathParam, type ApiCall } from '../api-call.js';
import { resourceMissing } from '../errors.js';
import { emitEvent } from '../events.js';
import { LIST_PARAMS, listResponse } from '../list.js';
import { allowOnly, optionalEnum, optionalString } from '../params.js';
import { newId, newestFirst, type StripeState } from '../state.js';
import { snapshot, type ListObject, type Metadata, type WireObject } from '../wire.js';
import { requireCustomer } from './customers.js';
import type { Interval, StripePrice } from './prices.js';

export type SubscriptionStatus =
  | 'incomplete' | 'incomplete_expired' | 'trialing' | 'active' | 'past_due' | 'canceled' | 'unpaid' | 'paused';

export interface StripeSubscriptionItem extends WireObject {
  object: 'subscription_item';
  price: StripePrice;
  plan: WireObject;
  quantity: number;
  subscription: string;
  current_period_start: number;
  current_period_end: number;
}

export interface StripeSubscription extends WireObject {
  object: 'subscription';
  customer: string;
  currency: string;
  status: SubscriptionStatus;
  cancel_at: number | null;
  cancel_at_period_end: boolean;
  canceled_at: number | null;
  ended_at: number | null;
  default_payment_method: string | null;
  latest_invoice: string | null;
  metadata: Metadata;
  cancellation_details: { comment: string | null; feedback: string | null; reason: string | null };
  items: ListObject<StripeSubscriptionItem>;
}

/** Calendar arithmetic in UTC, as Stripe bills: the 31st rolls to the month's last day. */
export function addInterval(start: number, interval: Interval, count: number): number {
  const date = new Date(start * 1000);
  if (interval === 'day' || interval === 'week') {
    return start + count * (interval === 'day' ? 1 : 7) * 86_400;
  }
  const months = interval === 'month' ? count : count * 12;
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  target.setUTCHours(date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds());
  return Math.floor(target.getTime() / 1000);
}

/** The legacy `plan` view of a recurring price that subscription items still carry. */
function planOf(price: StripePrice): WireObject {
  return {
    id: price.id, object: 'plan', active: price.active, amount: price.unit_amount,
    amount_decimal: String(price.unit_amount), billing_scheme: 'per_unit', created: price.created,
    currency: price.currency, interval: price.recurring?.interval ?? 'month',
    interval_count: price.recurring?.interval_count ?? 1, livemode: false, metadata: {}, meter: null,
    nickname: price.nickname, product: price.product, tiers_mode: null, transform_usage: null,
    trial_period_days: null, usage_type: 'licensed',
  };
}

/** Puts an item on a price; with `periodStart`, a new billing period starts then. */
export function setItemPrice(item: StripeSubscriptionItem, price: StripePrice, periodStart?: number): void {
  item.price = snapshot(price);
  item.plan = planOf(price);
  if (periodStart === undefined) return;
  item.current_period_start = periodStart;
  item.current_period_end = addInterval(periodStart, price.recurring?.interval ?? 'month', price.recurring?.interval_count ?? 1);
}

export interface SubscriptionFields {
  id?: string;
  itemId?: string;
  customer: string;
  price: StripePrice;
  /** Start of the current period; the subscription started then too. */
  periodStart: number;
  defaultPaymentMethod?: string | null;
}

export function buildSubscription(fields: SubscriptionFields, created: number): StripeSubscription {
  const id = fields.id ?? newId('sub');
  const item = {
    id: fields.itemId ?? newId('si', 14), object: 'subscription_item', billing_thresholds: null, created,
    discounts: [], metadata: {}, quantity: 1, subscription: id, tax_rates: [],
  } as unknown as StripeSubscriptionItem;
  setItemPrice(item, fields.price, fields.periodStart);
  return {
    id, object: 'subscription',
    application: null, application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: fields.periodStart,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: { proration_discounts: 'included' }, type: 'flexible', updated_at: created },
    billing_schedules: [], billing_thresholds: null,
    cancel_at: null, cancel_at_period_end: false, canceled_at: null,
    cancellation_details: { comment: null, feedback: null, reason: null },
    collection_method: 'charge_automatically', created, currency: fields.price.currency,
    customer: fields.customer, customer_account: null, days_until_due: null,
    default_payment_method: fields.defaultPaymentMethod ?? null, default_source: null, default_tax_rates: [],
    description: null, discounts: [], ended_at: null,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: 'self' } },
    items: { object: 'list', data: [item], has_more: false, url: `/v1/subscription_items?subscription=${id}` },
    latest_invoice: null, livemode: false, managed_payments: null, metadata: {},
    next_pending_invoice_item_invoice: null, on_behalf_of: null, pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off' },
    pending_invoice_item_interval: null, pending_setup_intent: null, pending_update: null, schedule: null,
    start_date: fields.periodStart, status: 'active', test_clock: null, transfer_data: null,
    trial_end: null, trial_settings: { end_behavior: { missing_payment_method: 'create_invoice' } },
    trial_start: null,
  };
}

export function requireSubscription(state: StripeState, id: string): StripeSubscription {
  const subscription = state.subscriptions.get(id);
  if (!subscription) throw resourceMissing('subscription', id);
  return subscription;
}

export function retrieveSubscription(call: ApiCall): StripeSubscription {
  allowOnly(call.params, []);
  return requireSubscription(call.state, pathParam(call, 'id'));
}

const STATUSES = [
  'incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused', 'ended', 'all',
] as const;

/** GET /v1/subscriptions: without `status`, canceled ones are left out, as on Stripe; `status=all` lists every one. */
export function listSubscriptions({ state, params }: ApiCall) {
  allowOnly(params, [
    ...LIST_PARAMS, 'customer', 'status', 'price', 'plan', 'collection_method', 'created', 'current_period_end',
    'current_period_start', 'automatic_tax', 'test_clock',
  ]);
  const customer = optionalString(params, 'customer');
  if (customer) requireCustomer(state, customer, 'customer');
  const status = optionalEnum(params, 'status', STATUSES);
  const price = optionalString(params, 'price');
  const subscriptions = newestFirst(state.subscriptions.values()).filter(
    (subscription) =>
      (customer === undefined || subscription.customer === customer) &&
      statusMatches(subscription.status, status) &&
      (price === undefined || subscription.items.data.some((item) => item.price.id === price)),
  );
  return listResponse(subscriptions, params, '/v1/subscriptions');
}

function statusMatches(actual: SubscriptionStatus, wanted: (typeof STATUSES)[number] | undefined): boolean {
  if (wanted === undefined) return actual !== 'canceled' && actual !== 'incomplete_expired';
  if (wanted === 'all') return true;
  if (wanted === 'ended') return actual === 'canceled' || actual === 'incomplete_expired';
  return actual === wanted;
}

/** DELETE /v1/subscriptions/{id}: ends it now. An already canceled one is "No such subscription" (404), as on Stripe. */
export function cancelSubscription(call: ApiCall): StripeSubscription {
  allowOnly(call.params, ['cancellation_details', 'invoice_now', 'prorate']);
  const subscription = requireSubscription(call.state, pathParam(call, 'id'));
  if (subscription.status === 'canceled') throw resourceMissing('subscription', subscription.id);
  const now = call.state.clock.now();
  Object.assign(subscription, { status: 'canceled', canceled_at: now, ended_at: now });
  subscription.cancellation_details.reason = 'cancellation_requested';
  emitEvent(call.state, 'customer.subscription.deleted', subscription);
  return subscription;
}
