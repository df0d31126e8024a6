import { pathParam, type ApiCall } from '../api-call.js';
import { formatAmount } from '../currencies.js';
import { StripeFailure, invalidRequest, resourceMissing } from '../errors.js';
import { emitEvent } from '../events.js';
import type { FormObject } from '../form.js';
import {
  allowOnly, mergeMetadata, optionalArray, optionalBoolean, optionalEnum, optionalString,
} from '../params.js';
import type { StripeState } from '../state.js';
import { requireCustomer } from './customers.js';
import { collectInvoice } from './invoice-pay.js';
import { createFinalizedInvoice, type InvoiceLineInput } from './invoices.js';
import { requireOwnedPaymentMethod } from './payment-methods.js';
import { requirePrice, type StripePrice } from './prices.js';
import { addPendingItems, productName, prorationLines, sameInterval, takePendingItems } from './prorations.js';
import {
  requireSubscription, setItemPrice, type StripeSubscription, type StripeSubscriptionItem,
} from './subscriptions.js';

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

/** What Stripe still lets one change on a canceled subscription. */
const CHANGEABLE_WHEN_CANCELED = ['metadata', 'cancellation_details', 'expand'];

/**
 * POST /v1/subscriptions/{id}: plan change through items[0][id] + items[0][price] with
 * Stripe's proration behaviours, cancel_at_period_end, default_payment_method (must be
 * attached to the subscription's customer) and metadata. Everything is validated before
 * anything changes.
 */
export function updateSubscription(call: ApiCall): StripeSubscription {
  const { state, params } = call;
  allowOnly(params, UPDATE_PARAMS);
  const subscription = requireSubscription(state, pathParam(call, 'id'));
  if (subscription.status === 'canceled' && Object.keys(params).some((name) => !CHANGEABLE_WHEN_CANCELED.includes(name))) {
    throw invalidRequest('A canceled subscription can only update its cancellation_details and metadata.');
  }
  const proration =
    optionalEnum<Proration>(params, 'proration_behavior', ['create_prorations', 'none', 'always_invoice']) ??
    'create_prorations';
  const change = readPlanChange(state, subscription, params);
  const cancelAtPeriodEnd = optionalBoolean(params, 'cancel_at_period_end');
  const defaultPaymentMethod = readDefaultPaymentMethod(state, subscription, params);
  const metadata = mergeMetadata(subscription.metadata, params);

  subscription.metadata = metadata;
  if (params.description !== undefined) subscription.description = optionalString(params, 'description') ?? null;
  if (defaultPaymentMethod !== undefined) subscription.default_payment_method = defaultPaymentMethod;
  if (cancelAtPeriodEnd !== undefined) scheduleCancellation(state, subscription, cancelAtPeriodEnd);
  if (change) changePlan(state, subscription, change.item, change.price, proration);
  emitEvent(state, 'customer.subscription.updated', subscription);
  return subscription;
}

function readPlanChange(state: StripeState, subscription: StripeSubscription, params: FormObject) {
  const items = optionalArray(params, 'items');
  if (!items) return undefined;
  const entry = items[0];
  if (items.length !== 1 || typeof entry !== 'object' || Array.isArray(entry)) {
    throw invalidRequest('The sandbox changes one existing item per update: pass items[0][id] and items[0][price].', {
      param: 'items',
    });
  }
  const itemId = optionalString(entry, 'id');
  if (!itemId) throw invalidRequest('The sandbox only changes existing items: pass items[0][id].', { param: 'items[0][id]' });
  const item = subscription.items.data.find((candidate) => candidate.id === itemId);
  if (!item) throw resourceMissing('subscription_item', itemId, 'items[0][id]');
  const priceId = optionalString(entry, 'price');
  if (!priceId) return undefined;
  const price = requirePrice(state, priceId, 'items[0][price]');
  if (price.type !== 'recurring') {
    throw invalidRequest(
      'The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.',
      { param: 'items[0][price]' },
    );
  }
  if (price.currency !== subscription.currency) {
    throw invalidRequest(`The price specified uses ${price.currency}, but this subscription is billed in ${subscription.currency}.`, {
      param: 'items[0][price]',
    });
  }
  return { item, price };
}

function readDefaultPaymentMethod(
  state: StripeState,
  subscription: StripeSubscription,
  params: FormObject,
): string | null | undefined {
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
 * Same interval: prorations become pending items (create_prorations), an invoice now
 * (always_invoice) or nothing (none). A new interval restarts the period today and is
 * invoiced at once, as Stripe does when the billing period changes.
 */
function changePlan(
  state: StripeState,
  subscription: StripeSubscription,
  item: StripeSubscriptionItem,
  price: StripePrice,
  proration: Proration,
): void {
  if (item.price.id === price.id) return;
  const now = state.clock.now();
  const prorations = proration === 'none' ? [] : prorationLines(state, item, price, now);
  if (!sameInterval(item.price, price)) {
    setItemPrice(item, price, now);
    subscription.billing_cycle_anchor = now;
    const interval = price.recurring?.interval ?? 'month';
    const renewal: InvoiceLineInput = {
      description: `${item.quantity} × ${productName(state, price)} (at ${formatAmount(price.unit_amount, price.currency)} / ${interval})`,
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
  if (proration === 'create_prorations') addPendingItems(state, subscription, item, prorations);
}

/**
 * Invoices and charges now with the subscription's (else the customer's) default
 * PaymentMethod. A failed charge leaves the invoice open and the subscription past_due
 * (payment_behavior allow_incomplete, Stripe's default for updates).
 */
function invoiceNow(state: StripeState, subscription: StripeSubscription, lines: InvoiceLineInput[]): void {
  const customer = requireCustomer(state, subscription.customer);
  const invoice = createFinalizedInvoice(state, {
    customer,
    currency: subscription.currency,
    description: null,
    dueDate: null,
    lines,
    subscription: subscription.id,
    billingReason: 'subscription_update',
  });
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
