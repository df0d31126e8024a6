import type Stripe from 'stripe';
import { TenderError } from '../../core/errors.js';
import type { MutationContext } from '../../core/processor-port.js';
import type { Payment } from '../../core/types.js';
import { isRefusal, mutationOptions, readOptional, stripeCall, type StripeDeps } from './calls.js';
import { refundDuplicateLinkPayment } from './duplicate-link-payment.js';
import { expireInvoiceLinks } from './invoice-links.js';
import { amountRefundedOf, idOf, mapPaymentIntent } from './mapping.js';
import { searchValue } from './search-syntax.js';
import { TENDER_METADATA, type WireCheckoutSession, type WireInvoice, type WirePaymentIntent } from './wire.js';

/**
 * A payment link for an invoice is a Checkout Session: its payment is a PaymentIntent of
 * its own, which Stripe does not apply to the invoice by itself. The invoice must end up
 * paid exactly once, whichever is paid first.
 *
 * The link first. Until its payment is applied (`POST /v1/invoices/{id}/attach_payment`,
 * docs.stripe.com/invoicing/partial-payments) the invoice stays open and could be charged
 * a second time. Two fences apply it:
 * 1. reading the link (getPaymentLink) once it is complete, `settleLinkInvoice`;
 * 2. paying the invoice (payInvoice, and Charge with an invoice), `settleWithLinkPayment`,
 *    which looks for a link payment before charging. It finds it through PaymentIntent
 *    search, and Stripe's search index can lag by up to a minute in production
 *    (docs.stripe.com/search, "Data freshness"), so a link paid seconds ago may not be found
 *    yet: that is why the first fence exists, and a `checkout.session.completed` webhook
 *    is the third (webhooks.ts), which runs fence 1 as soon as the link is paid.
 * Every fence attaches the same PaymentIntent; Stripe refuses a second attachment, so
 * whichever runs first settles the invoice and the others find it paid.
 *
 * The invoice first (a charge, or another link). Its open links are expired
 * (invoice-links.ts); a link paid all the same is a duplicate, refunded when it is read
 * (fence 1 again, duplicate-link-payment.ts).
 *
 * A refunded link payment is never applied: it pays nothing. A partly refunded one is not
 * applied either, because an attached payment counts for what it received
 * (invoice_payment.amount_paid follows the PaymentIntent's amount_received,
 * docs.stripe.com/api/invoice-payment/object), refunds aside: the invoice would read
 * paid in full for money partly given back. Nor is the invoice charged in full on top
 * of it, which would take that money twice. PayInvoice refuses with FAILED_PRECONDITION
 * on invoice_id instead, until a person reconciles the invoice.
 */

/** One key per link: a retried read sends the same attachment once. */
export function linkSettlementKey(sessionId: string): string {
  return `tender-link-settle-${sessionId}`;
}

/** Applies the payment: Stripe's refusal (already applied, another customer's, not open), or undefined once applied. */
async function attach(
  deps: StripeDeps,
  invoiceId: string,
  paymentIntentId: string,
  options: Stripe.RequestOptions,
): Promise<TenderError | undefined> {
  try {
    await stripeCall({ kind: 'write', resourceField: 'invoice_id' }, () =>
      deps.stripe.invoices.attachPayment(invoiceId, { payment_intent: paymentIntentId }, options),
    );
    return undefined;
  } catch (error) {
    if (isRefusal(error)) return error;
    throw error;
  }
}

const retrieveInvoice = (deps: StripeDeps, invoiceId: string) => readOptional(() => deps.stripe.invoices.retrieve(invoiceId));

/**
 * Fence 1: a complete link for an invoice that is still open pays it, and the invoice's
 * other open links are then expired. A link whose invoice was paid by another payment is
 * a duplicate and is refunded. A refusal to attach is followed by a second look at the
 * invoice, since the refusal may be another payment that got there first. A failure to
 * reach Stripe fails the read, so that the caller reads again.
 */
export async function settleLinkInvoice(deps: StripeDeps, session: WireCheckoutSession): Promise<void> {
  const invoiceId = session.metadata?.[TENDER_METADATA.invoiceId];
  const paymentIntentId = idOf(session.payment_intent);
  if (session.status !== 'complete' || !invoiceId || !paymentIntentId) return;
  let invoice = await retrieveInvoice(deps, invoiceId);
  if (invoice?.status === 'open') {
    const intent = await stripeCall({ kind: 'read', resourceField: 'payment_link_id' }, () =>
      deps.stripe.paymentIntents.retrieve(paymentIntentId, { expand: ['latest_charge'] }),
    );
    if (amountRefundedOf(intent) > 0) return;
    if (!(await attach(deps, invoiceId, paymentIntentId, { idempotencyKey: linkSettlementKey(session.id) }))) {
      await expireInvoiceLinks(deps, invoice);
      return;
    }
    invoice = await retrieveInvoice(deps, invoiceId);
  }
  if (invoice?.status === 'paid' && !(await appliedInvoiceOf(deps, paymentIntentId))) {
    await refundDuplicateLinkPayment(deps, session.id, paymentIntentId);
  }
}

/**
 * Fence 2: before an open invoice is charged, a succeeded payment made for it through a
 * link is applied instead, and returned as the invoice's payment: no new charge. When
 * Stripe refuses to apply a link payment that did not end up paying the invoice, the
 * invoice is not charged either: the customer has paid once already, and a person must
 * decide. A partly refunded link payment is refused the same way (see above).
 */
export async function settleWithLinkPayment(
  deps: StripeDeps,
  invoice: WireInvoice,
  ctx: MutationContext,
): Promise<Payment | undefined> {
  const { whole, partlyRefunded } = await linkPaymentsFor(deps, invoice);
  if (!whole) {
    if (partlyRefunded) throw partlyRefundedLinkPayment(invoice, partlyRefunded);
    return undefined;
  }
  const refusal = await attach(deps, invoice.id, whole.id, mutationOptions(ctx));
  if (refusal && (await appliedInvoiceOf(deps, whole.id)) !== invoice.id) {
    throw new TenderError(
      'failed_precondition',
      `invoice_id: invoice was already paid through a payment link (${whole.id}), which Stripe would not apply to it: ${refusal.message}`,
      { field: 'invoice_id' },
    );
  }
  return mapPaymentIntent(whole, invoice.id);
}

function partlyRefundedLinkPayment(invoice: WireInvoice, intent: WirePaymentIntent): TenderError {
  const refunded = amountRefundedOf(intent);
  return new TenderError(
    'failed_precondition',
    `invoice_id: the invoice was paid through a payment link (${intent.id}) since partly refunded ` +
      `(${refunded} of ${intent.amount} ${invoice.currency.toUpperCase()} minor units): Stripe would count it in full, ` +
      'so it is neither applied nor charged again; a person must reconcile the invoice',
    { field: 'invoice_id' },
  );
}

/**
 * The invoice's succeeded link payments in its currency, newest first: the first not
 * refunded at all, and the first partly refunded. Fully refunded ones pay nothing.
 */
async function linkPaymentsFor(
  deps: StripeDeps,
  invoice: WireInvoice,
): Promise<{ whole?: WirePaymentIntent | undefined; partlyRefunded?: WirePaymentIntent | undefined }> {
  const query = `metadata['${TENDER_METADATA.invoiceId}']:${searchValue(invoice.id)} AND status:'succeeded'`;
  const found = await stripeCall({ kind: 'read', resourceField: 'invoice_id' }, () =>
    deps.stripe.paymentIntents.search({ query, expand: ['data.latest_charge'], limit: 100 }),
  );
  const inCurrency = found.data.filter((intent) => intent.currency === invoice.currency);
  return {
    whole: inCurrency.find((intent) => amountRefundedOf(intent) === 0),
    partlyRefunded: inCurrency.find((intent) => amountRefundedOf(intent) > 0 && amountRefundedOf(intent) < intent.amount),
  };
}

/** The invoice the PaymentIntent is applied to, or '' when it pays none. */
async function appliedInvoiceOf(deps: StripeDeps, paymentIntentId: string): Promise<string> {
  const payments = await stripeCall({ kind: 'read', resourceField: 'invoice_id' }, () =>
    deps.stripe.invoicePayments.list({ payment: { type: 'payment_intent', payment_intent: paymentIntentId } }),
  );
  return idOf(payments.data.find((payment) => payment.status !== 'canceled')?.invoice);
}
