import type { ProcessorAdapter } from '../../core/processor-port.js';
import { mutationOptions, readOptional, stripeCall, type StripeDeps } from './calls.js';
import { mapCheckoutSession } from './mapping.js';
import { TENDER_METADATA } from './wire.js';

type PaymentLinkOperations = Pick<ProcessorAdapter, 'createPaymentLink' | 'getPaymentLink'>;

/** Stripe accepts a Checkout Session expiry from 30 minutes to 24 hours ahead. */
export const CHECKOUT_EXPIRY_BOUNDS = { minSeconds: 30 * 60, maxSeconds: 24 * 60 * 60 } as const;

/** Shown on the hosted page when the link carries no description. */
const DEFAULT_LINE_NAME = 'Payment';

/**
 * A payment link is a Checkout Session rather than a Stripe Payment Link: a session
 * carries one amount, one customer and an expiry, which is what a link texted during
 * a call needs (Stripe Payment Links are reusable and never expire by themselves).
 * The invoice and description travel in metadata, on the session and on the
 * PaymentIntent it creates, so both can be read back.
 */
export function paymentLinkOperations(deps: StripeDeps): PaymentLinkOperations {
  const { stripe } = deps;
  return {
    async createPaymentLink(input, ctx) {
      const metadata: Record<string, string> = {};
      if (input.invoiceId) metadata[TENDER_METADATA.invoiceId] = input.invoiceId;
      if (input.description) metadata[TENDER_METADATA.description] = input.description;
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
            ...(input.customerId ? { customer: input.customerId } : {}),
            expires_at: Math.floor(input.expiresAt.getTime() / 1000),
            success_url: deps.checkoutSuccessUrl,
            metadata,
            payment_intent_data: { metadata },
          },
          mutationOptions(ctx),
        ),
      );
      return mapCheckoutSession(session);
    },

    async getPaymentLink(linkId) {
      const session = await readOptional(() => stripe.checkout.sessions.retrieve(linkId));
      return session ? mapCheckoutSession(session) : undefined;
    },
  };
}
