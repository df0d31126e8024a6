import { TenderError } from '../../core/errors.js';
import type { PaymentLinkInput, ProcessorAdapter } from '../../core/processor-port.js';
import { mutationOptions, readOptional, stripeCall, type StripeDeps } from './calls.js';
import { settleLinkInvoice } from './invoice-settlement.js';
import { idOf, mapCheckoutSession } from './mapping.js';
import { TENDER_METADATA, type WireCheckoutSession } from './wire.js';

type PaymentLinkOperations = Pick<ProcessorAdapter, 'createPaymentLink' | 'getPaymentLink'>;

/** Stripe accepts a Checkout Session expiry from 30 minutes to 24 hours ahead. */
export const CHECKOUT_EXPIRY_BOUNDS = { minSeconds: 30 * 60, maxSeconds: 24 * 60 * 60 } as const;

/**
 * Stripe checks `expires_at` against its own clock when the request arrives
 * (docs.stripe.com/api/checkout/sessions/create), which is later than Tender's "now"
 * by the network latency, and may run ahead of Tender's clock. A link at the declared
 * minimum would then be refused, so an expiry within this margin of the minimum is
 * sent as minimum + margin: the link lives up to a minute longer than asked, never
 * shorter. The declared bounds stay Stripe's own, and an expiry further below the
 * minimum is sent as asked, for Stripe to refuse.
 */
export const EXPIRY_SAFETY_MARGIN_SECONDS = 60;

/** The `expires_at` (unix seconds) to send for a requested expiry, at `nowMs`. */
export function checkoutExpiresAt(requested: Date, nowMs: number): number {
  const requestedSeconds = Math.floor(requested.getTime() / 1000);
  const minimum = Math.ceil(nowMs / 1000) + CHECKOUT_EXPIRY_BOUNDS.minSeconds;
  const nearMinimum = requestedSeconds >= minimum - EXPIRY_SAFETY_MARGIN_SECONDS;
  return nearMinimum ? Math.max(requestedSeconds, minimum + EXPIRY_SAFETY_MARGIN_SECONDS) : requestedSeconds;
}

/** Shown on the hosted page when the link carries no description. */
const DEFAULT_LINE_NAME = 'Payment';

/**
 * A link for an invoice is paid by the invoice's customer: Stripe applies a payment to
 * an invoice only when both have the same customer (docs.stripe.com/invoicing/partial-payments),
 * so the session names the invoice's customer even when the request named none.
 */
async function linkCustomerOf(deps: StripeDeps, input: PaymentLinkInput): Promise<string> {
  if (!input.invoiceId) return input.customerId;
  const invoice = await stripeCall({ kind: 'read', resourceField: 'invoice_id' }, () =>
    deps.stripe.invoices.retrieve(input.invoiceId),
  );
  const owner = idOf(invoice.customer);
  if (input.customerId && input.customerId !== owner) {
    throw new TenderError('invalid_argument', 'customer_id: the invoice belongs to another customer', {
      field: 'customer_id',
    });
  }
  return owner;
}

/**
 * A payment link is a Checkout Session rather than a Stripe Payment Link: a session
 * carries one amount, one customer and an expiry, which is what a link texted during
 * a call needs (Stripe Payment Links are reusable and never expire by themselves).
 * The invoice and description travel in metadata, on the session and on the
 * PaymentIntent it creates, so both can be read back, and so that the invoice can be
 * settled with the link's payment (invoice-settlement.ts).
 */
export function paymentLinkOperations(deps: StripeDeps): PaymentLinkOperations {
  const { stripe } = deps;
  return {
    async createPaymentLink(input, ctx) {
      const metadata: Record<string, string> = {};
      if (input.invoiceId) metadata[TENDER_METADATA.invoiceId] = input.invoiceId;
      if (input.description) metadata[TENDER_METADATA.description] = input.description;
      const customer = await linkCustomerOf(deps, input);
      const session = await stripeCall({ kind: 'write' }, () =>
        stripe.checkout.sessions.create(
          {
            mode: 'payment',
            line_items: [
              {
                price_data: {
                  currency: input.amount.currency.toLowerCase(),
                  unit_amount: input.amount.amount,
                  product_data: { name: input.description || DEFAULT_LINE_NAME },
                },
                quantity: 1,
              },
            ],
            ...(customer ? { customer } : {}),
            expires_at: checkoutExpiresAt(input.expiresAt, Date.now()),
            success_url: deps.checkoutSuccessUrl,
            metadata,
            payment_intent_data: { metadata },
          },
          mutationOptions(ctx),
        ),
      );
      return mapCheckoutSession(session);
    },

    /**
     * A completed link for an invoice settles that invoice before it is reported. When
     * another payment paid the invoice first, the link's payment is a duplicate and is
     * refunded at once (money moves exactly once; duplicate-link-payment.ts): the link
     * still reads completed with its payment, whose amount_refunded shows the refund.
     */
    async getPaymentLink(linkId) {
      const session = await readSettledLink(deps, linkId);
      return session && mapCheckoutSession(session);
    },
  };
}

/**
 * The link as Stripe has it now, its invoice settled first when it is complete (fence 1
 * of invoice-settlement.ts). Reading the link and its `checkout.session.completed`
 * webhook (webhooks.ts) both come here, so both settle the same way. Undefined when
 * Stripe has no such session.
 */
export async function readSettledLink(deps: StripeDeps, linkId: string): Promise<WireCheckoutSession | undefined> {
  const session = await readOptional(() => deps.stripe.checkout.sessions.retrieve(linkId));
  if (!session) return undefined;
  await settleLinkInvoice(deps, session);
  return session;
}
