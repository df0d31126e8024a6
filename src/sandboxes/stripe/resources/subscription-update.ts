import { pathParam, type ApiCall } from '../api-call.js';
import { formatAmount } from '../currencies.js';
import { StripeFailure, invalidRequest, resourceMissing } from '../errors.js';
import type { FormObject } from '../form.js';
import { allowOnly, mergeMetadata, optionalArray, optionalBoolean, optionalEnum, optionalString } from '../params.js';
import type { StripeState } from '../state.js';
import { requireCustomer } from './customers.js';
import { buildInvoiceItem } from './invoice-items.js';
import { collectInvoice } from './invoice-pay.js';
import { createFinalizedInvoice, type InvoiceLineInput } from './invoices.js';
import { requireOwnedPaymentMethod } from './payment-methods.js';
import { requirePrice, type StripePrice } from './prices.js';
import { requireSubscription, setItemPrice, type StripeSubscription, type StripeSubscriptionItem } from './subscriptions.js';

type Proration = 'create_prorations' | 'none' | 'always_invoice';

/** Top-level parameters of SubscriptionUpdateParams in stripe@23.1.0. */
const UPDATE_PARAMS = [
  'add_invoice_items', 'application_fee_percent', 'automatic_tax', 'billing_cycle_anchor', 'billing_schedules',
  'billing_thresholds', 'cancel_at', 'cancel_at_period_end', 'cancellation_details', 'collection_method',
  'days_until_due', 'default_payment_method', 'default_source', 'default_tax_rates', 'description', 'discounts',
  'invoice_settings', 'items', 'metadata', 'off_session', 'on_behalf_of', 'pause_collection', 'payment_behavior',
  'payment_settings', 'pending_invoice_item_interval', 'proration_behavior', 'proration_date', 'transfer_data',
  'trial_end', 'trial_from_plan', 'trial_settings',
];

/**
 * POST /v1/subscriptions/{id}: plan change through items[0][id]+items[0][price] with
 * Stripe's proration behaviours (docs.stripe.com/billing/subscriptions/prorations),
 * cancel_at_period_end, default_payment_method (must be attached to the subscription's
 * customer) and metadata. Everything is validated before anything changes.
 */
export function updateSubscription(call: ApiCall): StripeSubscription {
  const { state, params } = call;
  allowOnly(params, UPDATE_PARAMS);
  const subscription = requireSubscription(state, pathParam(call, 'id'));
  if (subscription.status === 'canceled' && Object.keys(params).some((name) => !['metadata', 'cancellation_details', 'expand'].includes(name))) {
    throw invalidRequest('A canceled subscription can only update its cancellation_details and metadata.');
  }
  const proration = optionalEnum<Proration>(params, 'proration_behavior', ['create_prorations', 'none', 'always_invoice']) ?? 'create_prorations';
  const change = readPlanChange(state, subscription, params);
  const cancelAtPeriodEnd = optionalBoolean(params, 'cancel_at_period_end');
  const defaultPaymentMethod = readDefaultPaymentMethod(state, subscription, params);
  const metadata = mergeMetadata(subscription.metadata, params);

  subscription.metadata = metadata;
  if (params.description !== undefined) subscription.description = optionalString(params, 'description') ?? null;
  if (defaultPaymentMethod !== undefined) subscription.default_payment_method = defaultPaymentMethod;
  if (cancelAtPeriodEnd !== undefined) scheduleCancellation(state, subscription, cancelAtPeriodEnd);
  if (change) changePlan(state, subscription, change.item, change.price, proration);
  return subscription;
}

function readPlanChange(state: StripeState, subscription: StripeSubscription, params: FormObject) {
  const items = optionalArray(params, 'items');
  if (!items) return undefined;
  if (items.length !== 1 || typeof items[0] !== 'object' || Array.isArray(items[0])) {
    throw invalidRequest('The sandbox changes one existing item per update: pass items[0][id] and items[0][price].', { param: 'items' });
  }
  const entry = items[0] as FormObject;
  const itemId = optionalString(entry, 'id');
  if (!itemId) throw invalidRequest('The sandbox only changes existing items: pass items[0][id].', { param: 'items[0][id]' });
  const item = subscription.items.data.find((candidate) => candidate.id === itemId);
  if (!item) throw resourceMissing('subscription_item', itemId, 'items[0][id]');
  const priceId = optionalString(entry, 'price');
  if (!priceId) return undefined;
  const price = requirePrice(state, priceId, 'items[0][price]');
  if (price.type !== 'recurring') {
    throw invalidRequest('The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.', { param: 'items[0][price]' });
  }
  if (price.currency !== subscription.currency) {
    throw invalidRequest(`The price specified uses ${price.currency}, but this subscription is billed in ${subscription.currency}.`, { param: 'items[0][price]' });
  }
  return { item, price };
}

function readDefaultPaymentMethod(state: StripeState, subscription: StripeSubscription, params: FormObject): string | null | undefined {
  if (params.default_payment_method === undefined) return undefined;
  const id = optionalString(params, 'default_payment_method');
  if (id === undefined) return null;
  return requireOwnedPaymentMethod(state, id, subscription.customer, 'default_payment_method').id;
}

/** canceled_at records when cancellation was requested (Stripe's documented meaning). */
function scheduleCancellation(state: StripeState, subscription: StripeSubscription, atPeriodEnd: boolean): void {
  const periodEnd = Math.max(...subscription.items.data.map((item) => item.current_period_end));
  subscription.cancel_at_period_end = atPeriodEnd;
  subscription.cancel_at = atPeriodEnd ? periodEnd : null;
  subscription.canceled_at = atPeriodEnd ? state.clock.now() : null;
  subscription.cancellation_details.reason = atPeriodEnd ? 'cancellation_requested' : null;
}

/**
 * Same billing interval: credit the unused time on the old price and charge the rest of
 * the period on the new one, as pending items (create_prorations) or on an invoice now
 * (always_invoice). A new interval restarts the period today and is invoiced at once.
 */
function changePlan(state: StripeState, subscription: StripeSubscription, item: StripeSubscriptionItem, price: StripePrice, proration: Proration): void {
  const old = item.price;
  if (old.id === price.id) return;
  const now = state.clock.now();
  const { current_period_start: start, current_period_end: end } = item;
  const unused = end > start ? Math.min(1, Math.max(0, (end - now) / (end - start))) : 0;
  const sameInterval = old.recurring?.interval === price.recurring?.interval && old.recurring?.interval_count === price.recurring?.interval_count;
  const period = { start: now, end };
  const day = new Date(now * 1000).toUTCString().slice(5, 16);
  const prorations: InvoiceLineInput[] =
    proration === 'none'
      ? []
      : [
          prorationLine(`Unused time on ${productName(state, old)} after ${day}`, -Math.round(old.unit_amount * item.quantity * unused), period, old),
          ...(sameInterval ? [prorationLine(`Remaining time on ${productName(state, price)} after ${day}`, Math.round(price.unit_amount * item.quantity * unused), period, price)] : []),
        ];
  if (!sameInterval) {
    setItemPrice(item, price, now);
    subscription.billing_cycle_anchor = now;
    const renewal: InvoiceLineInput = {
      description: `${item.quantity} × ${productName(state, price)} (at ${formatAmount(price.unit_amount, price.currency)} / ${price.recurring?.interval ?? 'month'})`,
      amount: price.unit_amount * item.quantity,
      period: { start: now, end: item.current_period_end },
      proration: false,
      price,
      subscriptionItem: item.id,
      invoiceItem: null,
    };
    invoiceNow(state, subscription, [...takePendingItems(state, subscription), ...prorations, renewal]);
    return;
  }
  setItemPrice(item, price);
  if (proration === 'always_invoice') invoiceNow(state, subscription, [...takePendingItems(state, subscription), ...prorations]);
  if (proration === 'create_prorations') {
    for (const line of prorations) {
      const pending = buildInvoiceItem(
        { customer: subscription.customer, amount: line.amount, currency: subscription.currency, description: line.description, period: line.period, proration: true, price: line.price, subscription: subscription.id, subscriptionItem: item.id },
        now,
      );
      state.invoiceItems.set(pending.id, pending);
    }
  }
}

function prorationLine(description: string, amount: number, period: InvoiceLineInput['period'], price: StripePrice): InvoiceLineInput {
  return { description, amount, period, proration: true, price, subscriptionItem: null, invoiceItem: null };
}

function productName(state: StripeState, price: StripePrice): string {
  return state.products.get(price.product)?.name ?? price.nickname ?? price.id;
}

/** Pending items of this subscription move onto the invoice being made. */
function takePendingItems(state: StripeState, subscription: StripeSubscription): InvoiceLineInput[] {
  const lines: InvoiceLineInput[] = [];
  for (const pending of [...state.invoiceItems.values()]) {
    if (pending.customer !== subscription.customer || (pending.parent as { subscription_details?: { subscription?: string } } | null)?.subscription_details?.subscription !== subscription.id) continue;
    state.invoiceItems.delete(pending.id);
    lines.push({ description: pending.description, amount: pending.amount, period: pending.period, proration: pending.proration, price: null, subscriptionItem: null, invoiceItem: pending.id });
  }
  return lines;
}

/**
 * Invoices and charges now with the subscription's (else the customer's) default
 * PaymentMethod. A failed charge leaves the invoice open and the subscription past_due
 * (payment_behavior allow_incomplete, Stripe's default for updates).
 */
function invoiceNow(state: StripeState, subscription: StripeSubscription, lines: InvoiceLineInput[]): void {
  const customer = requireCustomer(state, subscription.customer);
  const invoice = createFinalizedInvoice(state, { customer, currency: subscription.currency, description: null, dueDate: null, lines, subscription: subscription.id, billingReason: 'subscription_update' });
  subscription.latest_invoice = invoice.id;
  if (invoice.status !== 'open') return;
  const paymentMethodId = subscription.default_payment_method ?? customer.invoice_settings.default_payment_method;
  const paymentMethod = paymentMethodId ? state.paymentMethods.get(paymentMethodId) : undefined;
  if (!paymentMethod) {
    subscription.status = 'past_due';
    return;
  }
  try {
    collectInvoice(state, invoice, paymentMethod, true);
    subscription.status = 'active';
  } catch (failure) {
    if (!(failure instanceof StripeFailure) || failure.status !== 402) throw failure;
    subscription.status = 'past_due';
  }
}
