import { pathParam, type ApiCall } from '../api-call.js';
import { invalidRequest } from '../errors.js';
import { emitEvent } from '../events.js';
import { allowOnly, optionalString, requiredString } from '../params.js';
import type { StripeState } from '../state.js';
import { cancelDefaultPayment, defaultInvoicePayment, recordInvoicePayment } from './invoice-payments.js';
import { requireInvoice, type StripeInvoice } from './invoices.js';
import { requirePaymentIntent, type StripePaymentIntent } from './payment-intents.js';

/**
 * POST /v1/invoices/{id}/attach_payment (API 2025-03-31 and later; stripe-node
 * `invoices.attachPayment`): applies a PaymentIntent made outside the invoice, such as
 * the payment of a Checkout Session, to the invoice. Per
 * docs.stripe.com/invoicing/partial-payments the intent must have the invoice's
 * currency and customer and at most its amount_remaining; a succeeded intent is
 * credited at once, and the invoice turns paid when nothing remains (its default
 * payment is then canceled, so it can never be charged as well).
 *
 * Stripe also accepts an intent that has not succeeded yet and credits it when it
 * does; the sandbox has no way for such an intent to succeed later, so it refuses it.
 */
export function attachInvoicePayment(call: ApiCall): StripeInvoice {
  const { state, params } = call;
  allowOnly(params, ['payment_intent', 'payment_record']);
  const invoice = requireInvoice(state, pathParam(call, 'id'));
  if (optionalString(params, 'payment_record') !== undefined) {
    throw invalidRequest('The sandbox attaches PaymentIntents only, not payment records.', { param: 'payment_record' });
  }
  const paymentIntent = requirePaymentIntent(state, requiredString(params, 'payment_intent'), 'payment_intent');
  requireOpen(invoice);
  requireAttachable(state, invoice, paymentIntent);
  credit(state, invoice, paymentIntent);
  return invoice;
}

function requireOpen(invoice: StripeInvoice): void {
  if (invoice.status === 'paid') throw invalidRequest('Invoice is already paid');
  if (invoice.status !== 'open') {
    throw invalidRequest(`You can only attach a payment to an open invoice; this one is ${invoice.status}.`);
  }
}

function requireAttachable(state: StripeState, invoice: StripeInvoice, paymentIntent: StripePaymentIntent): void {
  const refuse = (message: string) => invalidRequest(message, { param: 'payment_intent' });
  for (const invoicePayment of state.invoicePayments.values()) {
    if (invoicePayment.payment.payment_intent === paymentIntent.id) {
      throw refuse(`The PaymentIntent ${paymentIntent.id} is already attached to invoice ${invoicePayment.invoice}.`);
    }
  }
  if (paymentIntent.status !== 'succeeded') {
    throw refuse(`The sandbox attaches succeeded PaymentIntents only; ${paymentIntent.id} is ${paymentIntent.status}.`);
  }
  if (paymentIntent.currency !== invoice.currency) {
    throw refuse(`The PaymentIntent's currency (${paymentIntent.currency}) must match the invoice's (${invoice.currency}).`);
  }
  if (paymentIntent.customer !== invoice.customer) {
    throw refuse(`The PaymentIntent's customer must be the invoice's customer (${invoice.customer}).`);
  }
  if (paymentIntent.amount_received > invoice.amount_remaining) {
    throw refuse(
      `The PaymentIntent's amount (${paymentIntent.amount_received}) exceeds the invoice's amount remaining (${invoice.amount_remaining}).`,
    );
  }
}

/** Records the payment as paid and credits it; what remains is left to the default payment. */
function credit(state: StripeState, invoice: StripeInvoice, paymentIntent: StripePaymentIntent): void {
  const now = state.clock.now();
  const amount = paymentIntent.amount_received;
  const invoicePayment = recordInvoicePayment(state, invoice, paymentIntent, false);
  Object.assign(invoicePayment, { status: 'paid', amount_paid: amount });
  invoicePayment.status_transitions.paid_at = now;
  invoice.amount_paid += amount;
  invoice.amount_remaining -= amount;
  if (invoice.amount_remaining === 0) {
    invoice.status = 'paid';
    invoice.status_transitions.paid_at = now;
    cancelDefaultPayment(state, invoice.id, 'automatic');
    emitEvent(state, 'invoice.paid', invoice);
    return;
  }
  const remaining = defaultInvoicePayment(state, invoice.id);
  if (!remaining) return;
  remaining.amount_requested = invoice.amount_remaining;
  const defaultIntent = state.paymentIntents.get(remaining.payment.payment_intent);
  if (defaultIntent) defaultIntent.amount = invoice.amount_remaining;
}
