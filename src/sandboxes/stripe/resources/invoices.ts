import { pathParam, type ApiCall } from '../api-call.js';
import { resourceMissing } from '../errors.js';
import { emitEvent } from '../events.js';
import { LIST_PARAMS, listResponse } from '../list.js';
import { allowOnly, optionalEnum, optionalString } from '../params.js';
import { newId, newestFirst, type StripeState } from '../state.js';
import type { ListObject, Metadata, WireObject } from '../wire.js';
import { requireCustomer, type StripeCustomer } from './customers.js';
import { recordInvoicePayment } from './invoice-payments.js';
import { buildPaymentIntent } from './payment-intents.js';
import type { StripePrice } from './prices.js';

export type InvoiceStatus = 'draft' | 'open' | 'paid' | 'uncollectible' | 'void';

export interface StripeInvoice extends WireObject {
  object: 'invoice';
  customer: string;
  status: InvoiceStatus;
  amount_due: number;
  amount_paid: number;
  amount_remaining: number;
  attempt_count: number;
  attempted: boolean;
  currency: string;
  created: number;
  description: string | null;
  due_date: number | null;
  number: string | null;
  subscription: string | null;
  default_payment_method: string | null;
  status_transitions: { finalized_at: number | null; marked_uncollectible_at: number | null; paid_at: number | null; voided_at: number | null };
  lines: ListObject<WireObject>;
  metadata: Metadata;
}

export interface InvoiceLineInput {
  description: string;
  amount: number;
  period: { start: number; end: number };
  proration: boolean;
  price: StripePrice | null;
  /** Set for a subscription's own line; unset for an invoice item (manual or proration). */
  subscriptionItem: string | null;
  invoiceItem: string | null;
}

export interface InvoiceFields {
  id?: string;
  number?: string;
  customer: StripeCustomer;
  currency: string;
  description: string | null;
  dueDate: number | null;
  lines: InvoiceLineInput[];
  subscription?: string | null;
  billingReason?: 'manual' | 'subscription_update' | 'subscription_cycle' | 'subscription_create';
}

/**
 * Creates a finalized invoice, as Stripe leaves it after finalization: status open with
 * its default PaymentIntent and InvoicePayment (docs.stripe.com/invoicing/payment-status),
 * or paid at once when nothing is due. A negative total credits the customer balance.
 */
export function createFinalizedInvoice(state: StripeState, fields: InvoiceFields): StripeInvoice {
  const now = state.clock.now();
  const id = fields.id ?? newId('in');
  const total = fields.lines.reduce((sum, line) => sum + line.amount, 0);
  const amountDue = Math.max(0, total);
  const customer = fields.customer;
  if (total < 0) customer.balance += total;
  customer.currency ??= fields.currency;
  const invoice = buildInvoice(id, fields, amountDue, now);
  invoice.lines.data = fields.lines.map((line) => buildLine(id, fields, line));
  state.invoices.set(id, invoice);
  if (amountDue === 0) {
    Object.assign(invoice, { status: 'paid', attempted: true });
    invoice.status_transitions.paid_at = now;
    emitEvent(state, 'invoice.paid', invoice);
    return invoice;
  }
  const paymentIntent = buildPaymentIntent(
    { amount: amountDue, currency: fields.currency, customer: customer.id, description: 'Payment for Invoice', metadata: {}, paymentMethod: null },
    now,
  );
  state.paymentIntents.set(paymentIntent.id, paymentIntent);
  recordInvoicePayment(state, invoice, paymentIntent);
  return invoice;
}

function buildInvoice(id: string, fields: InvoiceFields, amountDue: number, now: number): StripeInvoice {
  const customer = fields.customer;
  const number = fields.number ?? `${customer.invoice_prefix}-${String(customer.next_invoice_sequence).padStart(4, '0')}`;
  customer.next_invoice_sequence += 1;
  const total = fields.lines.reduce((sum, line) => sum + line.amount, 0);
  const periods = fields.lines.map((line) => line.period);
  return {
    id, object: 'invoice',
    account_country: 'US', account_name: 'Tender Sandbox', account_tax_ids: null,
    amount_due: amountDue, amount_overpaid: 0, amount_paid: 0, amount_remaining: amountDue, amount_shipping: 0,
    application: null, attempt_count: 0, attempted: false, auto_advance: true,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: fields.billingReason ?? 'manual',
    collection_method: fields.dueDate === null ? 'charge_automatically' : 'send_invoice',
    created: now, currency: fields.currency, custom_fields: null,
    customer: customer.id, customer_account: null, customer_address: null,
    customer_email: customer.email, customer_name: customer.name, customer_phone: customer.phone,
    customer_shipping: null, customer_tax_exempt: 'none', customer_tax_ids: [],
    default_payment_method: null, default_source: null, default_tax_rates: [],
    description: fields.description, discounts: [], due_date: fields.dueDate, effective_at: now, ending_balance: 0,
    footer: null, from_invoice: null,
    // The sandbox hosts no invoice pages or PDFs.
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' }, last_finalization_error: null, latest_revision: null,
    lines: { object: 'list', data: [], has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false, metadata: {}, next_payment_attempt: null, number, on_behalf_of: null,
    parent: fields.subscription
      ? { quote_details: null, subscription_details: { metadata: {}, subscription: fields.subscription }, type: 'subscription_details' }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: Math.max(now, ...periods.map((period) => period.end)),
    period_start: Math.min(now, ...periods.map((period) => period.start)),
    post_payment_credit_notes_amount: 0, pre_payment_credit_notes_amount: 0, receipt_number: null,
    rendering: { amount_tax_display: null, pdf: { page_size: 'auto' }, template: null, template_version: null },
    shipping_cost: null, shipping_details: null, starting_balance: 0, statement_descriptor: null, status: 'open',
    status_transitions: { finalized_at: now, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subscription: fields.subscription ?? null,
    subtotal: total, subtotal_excluding_tax: total, test_clock: null, total, total_discount_amounts: [],
    total_excluding_tax: total, total_pretax_credit_amounts: [], total_taxes: [], webhooks_delivered_at: now,
  };
}

function buildLine(invoiceId: string, fields: InvoiceFields, line: InvoiceLineInput): WireObject {
  const subscription = fields.subscription ?? null;
  const details = { proration: line.proration, proration_details: { credited_items: null } };
  return {
    id: newId('il'), object: 'line_item',
    amount: line.amount, currency: fields.currency, description: line.description,
    discount_amounts: [], discountable: !line.proration, discounts: [], invoice: invoiceId, livemode: false,
    metadata: {},
    parent: line.subscriptionItem
      ? {
          invoice_item_details: null, type: 'subscription_item_details',
          subscription_item_details: { invoice_item: null, ...details, subscription, subscription_item: line.subscriptionItem },
        }
      : {
          invoice_item_details: { invoice_item: line.invoiceItem ?? newId('ii'), ...details, subscription },
          subscription_item_details: null, type: 'invoice_item_details',
        },
    period: line.period, pretax_credit_amounts: [],
    pricing: line.price
      ? {
          price_details: { price: line.price.id, product: line.price.product },
          type: 'price_details',
          unit_amount_decimal: String(line.price.unit_amount),
        }
      : null,
    quantity: 1, quantity_decimal: '1', subscription, subtotal: line.amount, taxes: [],
  };
}

export function requireInvoice(state: StripeState, id: string, param = 'id'): StripeInvoice {
  const invoice = state.invoices.get(id);
  if (!invoice) throw resourceMissing('invoice', id, param);
  return invoice;
}

export function retrieveInvoice(call: ApiCall): StripeInvoice {
  allowOnly(call.params, []);
  return requireInvoice(call.state, pathParam(call, 'id'));
}

export function listInvoices({ state, params }: ApiCall) {
  allowOnly(params, [...LIST_PARAMS, 'customer', 'status', 'subscription', 'collection_method', 'created', 'due_date']);
  const customer = optionalString(params, 'customer');
  if (customer) requireCustomer(state, customer, 'customer');
  const status = optionalEnum<InvoiceStatus>(params, 'status', ['draft', 'open', 'paid', 'uncollectible', 'void']);
  const subscription = optionalString(params, 'subscription');
  const collection = optionalEnum(params, 'collection_method', ['charge_automatically', 'send_invoice']);
  const invoices = newestFirst(state.invoices.values()).filter(
    (invoice) =>
      (customer === undefined || invoice.customer === customer) &&
      (status === undefined || invoice.status === status) &&
      (subscription === undefined || invoice.subscription === subscription) &&
      (collection === undefined || invoice.collection_method === collection),
  );
  return listResponse(invoices, params, '/v1/invoices');
}
