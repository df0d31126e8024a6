import { pathParam, type ApiCall } from '../api-call.js';
import { StripeFailure, cardFailure, docUrl, invalidRequest } from '../errors.js';
import { emitEvent } from '../events.js';
import { allowOnly, optionalBoolean, optionalString } from '../params.js';
import type { StripeState } from '../state.js';
import { snapshot } from '../wire.js';
import { cancelDefaultPayment, defaultInvoicePayment } from './invoice-payments.js';
import { requireInvoice, type StripeInvoice } from './invoices.js';
import { confirmPaymentIntent } from './payment-confirmation.js';
import { requirePaymentIntent } from './payment-intents.js';
import { requireOwnedPaymentMethod, type StripePaymentMethod } from './payment-methods.js';

/**
 * POST /v1/invoices/{id}/pay: charges the invoice's default PaymentIntent with the given
 * PaymentMethod, else the invoice's, subscription's or customer's default (Stripe's
 * priority, docs.stripe.com/billing/subscriptions/payment-methods-setting). Off-session
 * unless `off_session=false`. A decline answers 402 exactly like a PaymentIntent decline.
 */
export function payInvoice(call: ApiCall): StripeInvoice {
  const { state, params } = call;
  allowOnly(params, ['forgive', 'mandate', 'off_session', 'paid_out_of_band', 'payment_method', 'source']);
  const invoice = requireInvoice(state, pathParam(call, 'id'));
  if (invoice.status === 'paid') throw invalidRequest('Invoice is already paid');
  if (invoice.status !== 'open' && invoice.status !== 'uncollectible') {
    throw invalidRequest(`You can only pay an invoice that is open or uncollectible; this one is ${invoice.status}.`);
  }
  if (optionalBoolean(params, 'paid_out_of_band')) {
    markPaidOutOfBand(state, invoice);
    return invoice;
  }
  const paymentMethod = paymentMethodFor(state, invoice, optionalString(params, 'payment_method'));
  collectInvoice(state, invoice, paymentMethod, optionalBoolean(params, 'off_session') ?? true);
  return invoice;
}

/**
 * Attempts the invoice's payment; throws the 402 card error on failure, after saving it.
 * Emits invoice.paid, or invoice.payment_failed for a declined card.
 */
export function collectInvoice(
  state: StripeState,
  invoice: StripeInvoice,
  paymentMethod: StripePaymentMethod,
  offSession: boolean,
): void {
  const invoicePayment = defaultInvoicePayment(state, invoice.id);
  if (!invoicePayment) throw invalidRequest(`Invoice ${invoice.id} has nothing to collect.`);
  const paymentIntent = requirePaymentIntent(state, invoicePayment.payment.payment_intent);
  invoice.attempt_count += 1;
  invoice.attempted = true;
  try {
    confirmPaymentIntent(state, paymentIntent, paymentMethod, { offSession });
  } catch (failure) {
    if (failure instanceof StripeFailure && failure.status === 402) emitEvent(state, 'invoice.payment_failed', invoice);
    throw failure;
  }
  if (paymentIntent.status === 'requires_action') {
    const code = 'invoice_payment_intent_requires_action';
    throw cardFailure({
      code,
      doc_url: docUrl(code),
      message:
        'This payment requires additional user action before it can be completed successfully. Payment can be completed using the PaymentIntent associated with the invoice.',
      payment_intent: snapshot(paymentIntent),
    });
  }
  const now = state.clock.now();
  Object.assign(invoice, { status: 'paid', amount_paid: invoice.amount_due, amount_remaining: 0 });
  invoice.status_transitions.paid_at = now;
  Object.assign(invoicePayment, { status: 'paid', amount_paid: paymentIntent.amount_received });
  invoicePayment.status_transitions.paid_at = now;
  emitEvent(state, 'invoice.paid', invoice);
}

function markPaidOutOfBand(state: StripeState, invoice: StripeInvoice): void {
  const now = state.clock.now();
  Object.assign(invoice, { status: 'paid', paid_out_of_band: true, amount_paid: invoice.amount_due, amount_remaining: 0 });
  invoice.status_transitions.paid_at = now;
  cancelDefaultPayment(state, invoice.id, 'void_invoice');
  emitEvent(state, 'invoice.paid', invoice);
}

function paymentMethodFor(state: StripeState, invoice: StripeInvoice, explicit: string | undefined): StripePaymentMethod {
  if (explicit) return requireOwnedPaymentMethod(state, explicit, invoice.customer, 'payment_method');
  const subscription = invoice.subscription ? state.subscriptions.get(invoice.subscription) : undefined;
  const fallback =
    invoice.default_payment_method ??
    subscription?.default_payment_method ??
    state.customers.get(invoice.customer)?.invoice_settings.default_payment_method ??
    null;
  if (!fallback) {
    throw invalidRequest(
      'This customer has no attached payment source or default payment method. Please consider adding a default payment method.',
      { param: 'payment_method' },
    );
  }
  return requireOwnedPaymentMethod(state, fallback, invoice.customer, 'payment_method');
}
