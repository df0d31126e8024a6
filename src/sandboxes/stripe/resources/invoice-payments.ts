import { pathParam, type ApiCall } from '../api-call.js';
import { resourceMissing } from '../errors.js';
import { LIST_PARAMS, listResponse } from '../list.js';
import { allowOnly, optionalEnum, optionalObject, optionalString } from '../params.js';
import { newId, newestFirst, type StripeState } from '../state.js';
import type { WireObject } from '../wire.js';
import type { StripeInvoice } from './invoices.js';
import type { StripePaymentIntent } from './payment-intents.js';

/**
 * The link between an invoice and the PaymentIntent that pays it (API 2025-03-31 and
 * later: invoices no longer carry `payment_intent`). Stripe keeps one default payment
 * per finalized invoice; it turns paid with the invoice. Payments attached later
 * (POST /v1/invoices/{id}/attach_payment) are not default ones.
 */
export interface StripeInvoicePayment extends WireObject {
  object: 'invoice_payment';
  invoice: string;
  amount_paid: number | null;
  amount_requested: number;
  currency: string;
  is_default: boolean;
  status: 'open' | 'paid' | 'canceled';
  payment: { type: 'payment_intent'; payment_intent: string };
  status_transitions: { canceled_at: number | null; paid_at: number | null };
}

export function recordInvoicePayment(
  state: StripeState,
  invoice: StripeInvoice,
  paymentIntent: StripePaymentIntent,
  isDefault = true,
): StripeInvoicePayment {
  const invoicePayment: StripeInvoicePayment = {
    id: newId('inpay'),
    object: 'invoice_payment',
    amount_paid: null,
    amount_requested: paymentIntent.amount,
    created: state.clock.now(),
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: isDefault,
    livemode: false,
    payment: { type: 'payment_intent', payment_intent: paymentIntent.id },
    status: 'open',
    status_transitions: { canceled_at: null, paid_at: null },
  };
  state.invoicePayments.set(invoicePayment.id, invoicePayment);
  return invoicePayment;
}

/** The invoice's default payment, through which it is collected. */
export function defaultInvoicePayment(state: StripeState, invoiceId: string): StripeInvoicePayment | undefined {
  for (const invoicePayment of state.invoicePayments.values()) {
    if (invoicePayment.invoice === invoiceId && invoicePayment.is_default) return invoicePayment;
  }
  return undefined;
}

/**
 * Cancels the invoice's default payment and its PaymentIntent once the invoice is settled
 * some other way (out of band, or by an attached payment), so it can never be charged.
 */
export function cancelDefaultPayment(
  state: StripeState,
  invoiceId: string,
  reason: 'void_invoice' | 'automatic',
): void {
  const invoicePayment = defaultInvoicePayment(state, invoiceId);
  if (!invoicePayment || invoicePayment.status !== 'open') return;
  const now = state.clock.now();
  Object.assign(invoicePayment, { status: 'canceled' });
  invoicePayment.status_transitions.canceled_at = now;
  const paymentIntent = state.paymentIntents.get(invoicePayment.payment.payment_intent);
  if (paymentIntent) Object.assign(paymentIntent, { status: 'canceled', canceled_at: now, cancellation_reason: reason });
}

/** GET /v1/invoice_payments?invoice=in_.. or ?payment[type]=payment_intent&payment[payment_intent]=pi_.. */
export function listInvoicePayments({ state, params }: ApiCall) {
  allowOnly(params, [...LIST_PARAMS, 'invoice', 'payment', 'status', 'created']);
  const invoice = optionalString(params, 'invoice');
  const payment = optionalObject(params, 'payment');
  const paymentIntent = typeof payment?.payment_intent === 'string' ? payment.payment_intent : undefined;
  const status = optionalEnum(params, 'status', ['open', 'paid', 'canceled']);
  const invoicePayments = newestFirst(state.invoicePayments.values()).filter(
    (invoicePayment) =>
      (invoice === undefined || invoicePayment.invoice === invoice) &&
      (paymentIntent === undefined || invoicePayment.payment.payment_intent === paymentIntent) &&
      (status === undefined || invoicePayment.status === status),
  );
  return listResponse(invoicePayments, params, '/v1/invoice_payments');
}

export function retrieveInvoicePayment(call: ApiCall): StripeInvoicePayment {
  allowOnly(call.params, []);
  const id = pathParam(call, 'id');
  const invoicePayment = call.state.invoicePayments.get(id);
  if (!invoicePayment) throw resourceMissing('invoice_payment', id);
  return invoicePayment;
}
