import { TenderError } from '../../core/errors.js';
import { isRefusal, stripeCall, type StripeDeps } from './calls.js';
import { amountRefundedOf } from './mapping.js';
import { TENDER_METADATA } from './wire.js';

/** Why Tender refunded a link payment by itself, in the refund's metadata. */
export const DUPLICATE_INVOICE_PAYMENT = 'duplicate_invoice_payment';

/** One key per link: every reader of the link sends the same single refund. */
export function duplicateRefundKey(sessionId: string): string {
  return `tender-link-duplicate-refund-${sessionId}`;
}

/**
 * The rule: money moves exactly once; a duplicate that got through is returned at once.
 *
 * A link paid after its invoice was paid by another payment (paid in the moment before
 * the link was expired, or left open because expiring it failed; invoice-links.ts) took
 * the invoice's amount a second time. Its payment is refunded in full as soon as Tender
 * sees it, with Stripe's reason `duplicate` and metadata tender_reason =
 * duplicate_invoice_payment, so that the refund explains itself in the Stripe dashboard.
 * The link is then reported completed with that payment, whose amount_refunded shows the
 * refund. A payment already refunded in full is left alone; one partly refunded gets the
 * rest back.
 *
 * A failure to reach Stripe fails the read, so that it is read again and the refund sent
 * again under the same key; a refund Stripe refuses (a disputed payment) is reported as
 * FAILED_PRECONDITION, because a person must return that money.
 */
export async function refundDuplicateLinkPayment(deps: StripeDeps, sessionId: string, paymentIntentId: string): Promise<void> {
  const intent = await stripeCall({ kind: 'read', resourceField: 'payment_link_id' }, () =>
    deps.stripe.paymentIntents.retrieve(paymentIntentId, { expand: ['latest_charge'] }),
  );
  if (amountRefundedOf(intent) >= intent.amount) return;
  try {
    await stripeCall({ kind: 'write', resourceField: 'payment_link_id' }, () =>
      deps.stripe.refunds.create(
        {
          payment_intent: paymentIntentId,
          reason: 'duplicate',
          metadata: { [TENDER_METADATA.refundReason]: DUPLICATE_INVOICE_PAYMENT },
        },
        { idempotencyKey: duplicateRefundKey(sessionId) },
      ),
    );
  } catch (error) {
    if (!isRefusal(error)) throw error;
    throw new TenderError(
      'failed_precondition',
      `payment_link_id: the link's payment (${paymentIntentId}) duplicates its invoice's payment and Stripe would not refund it: a person must return it (${error.message})`,
      { field: 'payment_link_id' },
    );
  }
}
