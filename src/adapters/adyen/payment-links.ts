import type { ProcessorAdapter } from '../../core/processor-port.js';
import { adyenCall, mutationOptions, readOptional, type AdyenDeps } from './calls.js';
import { merchantReferenceOf } from './keys.js';
import { afterAdyen } from './ledger.js';
import { amountOf, mapPaymentLink } from './mapping.js';
import { TENDER_METADATA } from './wire.js';

type PaymentLinkOperations = Pick<ProcessorAdapter, 'createPaymentLink' | 'getPaymentLink'>;

/**
 * Adyen: "The maximum expiry date is 70 days after the payment link is created"
 * (PaymentLinkRequest.expiresAt). Adyen states no minimum; one minute is Tender's floor,
 * as a shorter link could expire before the text message reaches the caller.
 */
export const PAYMENT_LINK_EXPIRY_BOUNDS = { minSeconds: 60, maxSeconds: 70 * 24 * 60 * 60 } as const;

/**
 * Pay by Link (POST /paymentLinks): one amount, one shopper, an expiry, single use
 * (`reusable: false`). Adyen keeps `expiresAt` to the second, so it is sent that way
 * and reads back equal. The payment a paid link made is known from its AUTHORISATION
 * notification (`additionalData.paymentLinkId`), kept in the payment ledger (ledger.ts);
 * the link itself does not name it.
 */
export function paymentLinkOperations(deps: AdyenDeps): PaymentLinkOperations {
  const { paymentLinks } = deps.checkout;
  return {
    async createPaymentLink(input, ctx) {
      const expiresAt = new Date(Math.floor(input.expiresAt.getTime() / 1000) * 1000);
      const wire = await adyenCall({ kind: 'write' }, () =>
        paymentLinks.paymentLinks(
          {
            amount: amountOf(input.amount),
            merchantAccount: deps.merchantAccount,
            reference: merchantReferenceOf(ctx.processorIdempotencyKey),
            expiresAt,
            reusable: false,
            ...(input.description ? { description: input.description } : {}),
            ...(input.customerId ? { shopperReference: input.customerId } : {}),
            ...(input.invoiceId ? { metadata: { [TENDER_METADATA.invoiceId]: input.invoiceId } } : {}),
          },
          mutationOptions(ctx),
        ),
      );
      return mapPaymentLink(wire, await afterAdyen(() => deps.ledger.paymentOfLink(deps.accountId, wire.id)));
    },

    async getPaymentLink(linkId) {
      const wire = await readOptional(() => paymentLinks.getPaymentLink(linkId));
      return wire ? mapPaymentLink(wire, await deps.ledger.paymentOfLink(deps.accountId, wire.id)) : undefined;
    },
  };
}
