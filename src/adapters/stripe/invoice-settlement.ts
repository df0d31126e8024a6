import type Stripe from 'stripe';
import { TenderError } from '../../core/errors.js';
import type { MutationContext } from '../../core/processor-port.js';
import type { Payment } from '../../core/types.js';
import { mutationOptions, readOptional, stripeCall, type StripeDeps } from './calls.js';
import { idOf, mapPaymentIntent } from './mapping.js';
import { searchValue } from './search-syntax.js';
import { TENDER_METADATA, type WireCheckoutSession, type WireInvoice, type WirePaymentIntent } from './wire.js';

/**
 * A payment link for an invoice is a Checkout Session: its payment is a PaymentIntent of
 * its own, which Stripe does not apply to the invoice by itself. Until it is applied
 * (`POST /v1/invoices/{id}/attach_payment`, docs.stripe.com/invoicing/partial-payments),
 * the invoice stays open and could be charged a second time. Three fences apply it:
 *
 * 1. reading the link (getPaymentLink) once it is complete, `settleLinkInvoice`;
 * 2. paying the invoice (payInvoice, and Charge with an invoice), `settleWithLinkPayment`,
 *    which looks for a link payment before charging. It finds it through PaymentIntent
 *    search, and Stripe's search index can lag by up to a minute in production
 *    (docs.stripe.com/search, "Data freshness"), so a link paid seconds ago may not be found
 *    yet: that is why the first fence exists, and a `checkout.session.completed` webhook
 *    is the third.
 *
 * Every fence attaches the same PaymentIntent; Stripe refuses a second attachment, so
 * whichever runs first settles the invoice and the others find it paid.
 */

/** Stripe answers these for a request it understood and refused on the objects' state. */
const REFUSED: ReadonlySet<string> = new Set(['invalid_argument', 'failed_precondition']);

/** One key per link: a retried read sends the same attachment once. */
export function linkSettlementKey(sessionId: string): string {
  return `tender-link-settle-${sessionId}`;
}

function attach(deps: StripeDeps, invoiceId: string, paymentIntentId: string, options: Stripe.RequestOptions) {
  return stripeCall({ kind: 'write', resourceField: 'invoice_id' }, () =>
    deps.stripe.invoices.attachPayment(invoiceId, { payment_intent: paymentIntentId }, options),
  );
}

/**
 * Fence 1: a complete link for an invoice that is still open pays it. A refusal (another
 * fence attached it first, the invoice was voided) leaves the link as Stripe reports it;
 * a failure to reach Stripe fails the read, so that the caller reads again.
 */
export async function settleLinkInvoice(deps: StripeDeps, session: WireCheckoutSession): Promise<void> {
  const invoiceId = session.metadata?.[TENDER_METADATA.invoiceId];
  const paymentIntentId = idOf(session.payment_intent);
  if (session.status !== 'complete' || !invoiceId || !paymentIntentId) return;
  const invoice = await readOptional(() => deps.stripe.invoices.retrieve(invoiceId));
  if (invoice?.status !== 'open') return;
  try {
    await attach(deps, invoiceId, paymentIntentId, { idempotencyKey: linkSettlementKey(session.id) });
  } catch (error) {
    if (error instanceof TenderError && REFUSED.has(error.code)) return;
    throw error;
  }
}

/**
 * Fence 2: before an open invoice is charged, a succeeded payment made for it through a
 * link is applied instead, and returned as the invoice's payment: no new charge. A
 * refunded link payment no longer pays anything and is passed over. When Stripe refuses
 * to apply a link payment that did not end up paying the invoice, the invoice is not
 * charged either: the customer has paid once already, and a person must decide.
 */
export async function settleWithLinkPayment(
  deps: StripeDeps,
  invoice: WireInvoice,
  ctx: MutationContext,
): Promise<Payment | undefined> {
  const intent = await linkPaymentFor(deps, invoice);
  if (!intent) return undefined;
  const options = mutationOptions(ctx);
  try {
    await attach(deps, invoice.id, intent.id, options);
  } catch (error) {
    if (!(error instanceof TenderError) || !REFUSED.has(error.code)) throw error;
    if (!(await paidBy(deps, invoice.id, intent.id))) {
      throw new TenderError(
        'failed_precondition',
        `invoice was already paid through a payment link (${intent.id}), which Stripe would not apply to it: ${error.message}`,
        { field: 'invoice_id' },
      );
    }
  }
  return mapPaymentIntent(intent, invoice.id);
}

/** The newest succeeded, unrefunded link payment for the invoice, in its currency. */
async function linkPaymentFor(deps: StripeDeps, invoice: WireInvoice): Promise<WirePaymentIntent | undefined> {
  const query = `metadata['${TENDER_METADATA.invoiceId}']:${searchValue(invoice.id)} AND status:'succeeded'`;
  const found = await stripeCall({ kind: 'read', resourceField: 'invoice_id' }, () =>
    deps.stripe.paymentIntents.search({ query, expand: ['data.latest_charge'] }),
  );
  return found.data.find(
    (intent) =>
      intent.currency === invoice.currency &&
      (typeof intent.latest_charge === 'object' ? (intent.latest_charge?.amount_refunded ?? 0) === 0 : true),
  );
}

/** Whether the PaymentIntent is among the invoice's paid payments. */
async function paidBy(deps: StripeDeps, invoiceId: string, paymentIntentId: string): Promise<boolean> {
  const payments = await stripeCall({ kind: 'read', resourceField: 'invoice_id' }, () =>
    deps.stripe.invoicePayments.list({ invoice: invoiceId, status: 'paid' }),
  );
  return payments.data.some((payment) => idOf(payment.payment.payment_intent) === paymentIntentId);
}
