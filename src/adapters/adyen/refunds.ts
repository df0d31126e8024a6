import { TenderError, invalidField } from '../../core/errors.js';
import type { ProcessorAdapter } from '../../core/processor-port.js';
import type { Money, Refund } from '../../core/types.js';
import { mutationOptions, settle, type AdyenDeps } from './calls.js';
import { outcomeOfAdyenError } from './errors.js';
import { merchantReferenceOf } from './keys.js';
import { amountOf, merchantRefundReasonOf } from './mapping.js';
import { WIRE } from './sdk.js';

/**
 * Refunds at Adyen are asynchronous: /refunds (and /cancels) answer `received`, and the
 * outcome comes later by REFUND or CANCELLATION notification (parseWebhook). So every
 * refund starts `pending`, and Tender says so (capability async_refund).
 *
 * A payment still waiting for a delayed capture cannot be refunded, only cancelled, and
 * only in full: the full amount goes to /cancels (method "void"); a partial amount is
 * refused until the capture. Otherwise /refunds, partial amounts allowed.
 *
 * Bounds are checked against what this instance knows (ledger.ts) so that an
 * over-refund is refused at once instead of failing by notification later; Adyen
 * enforces the same bound. A retry of the same request (same processor key) is not
 * counted against itself and gets Adyen's replayed answer.
 */
export function refundOperation(deps: AdyenDeps): ProcessorAdapter['refund'] {
  return async (input, ctx) => {
    const key = ctx.processorIdempotencyKey;
    const payment = deps.ledger.get(input.paymentId);
    if (!payment && !input.amount) {
      throw new TenderError('failed_precondition', 'amount: required, as this Tender instance has no record of the payment', {
        field: 'amount',
      });
    }
    let money: Money = input.amount ?? { amount: 0, currency: '' };
    let full = false;
    if (payment) {
      if (payment.status !== 'succeeded' && payment.status !== 'processing') {
        throw new TenderError('failed_precondition', `payment_id: payment is ${payment.status}; nothing to refund`, { field: 'payment_id' });
      }
      if (input.amount && input.amount.currency !== payment.amount.currency) {
        throw invalidField('amount.currency', `must be the payment's currency (${payment.amount.currency})`);
      }
      const refunded = deps.ledger.refundedOf(payment.id, key);
      const remaining = payment.amount.amount - refunded;
      if (remaining <= 0) throw new TenderError('failed_precondition', 'payment_id: payment is already fully refunded', { field: 'payment_id' });
      money = input.amount ?? { amount: remaining, currency: payment.amount.currency };
      if (money.amount > remaining) throw invalidField('amount.amount', `must be at most the ${remaining} minor units not yet refunded`);
      full = refunded === 0 && money.amount === payment.amount.amount;
    }
    const uncaptured = payment !== undefined && !deps.ledger.isCaptured(payment.id);
    if (uncaptured && !full) {
      throw new TenderError('failed_precondition', 'amount: the payment is not captured yet, so only a full cancellation is possible', {
        field: 'amount',
      });
    }
    const attempted: Refund = {
      id: '', paymentId: input.paymentId, amount: money, status: 'outcome_unknown', reason: input.reason,
      method: uncaptured ? 'void' : 'refund', createdAt: new Date(),
    };
    const options = mutationOptions(ctx);
    const common = { merchantAccount: deps.merchantAccount, reference: merchantReferenceOf(key) };
    try {
      const response = uncaptured
        ? await deps.checkout.modifications.cancelAuthorisedPaymentByPspReference(input.paymentId, common, options)
        : await deps.checkout.modifications.refundCapturedPayment(
          input.paymentId,
          { ...common, amount: amountOf(money), merchantRefundReason: WIRE.refundReasons[merchantRefundReasonOf(input.reason)] },
          options,
        );
      deps.ledger.recordRefund(response.pspReference, input.paymentId, money.amount, key);
      return { ...attempted, id: response.pspReference, status: 'pending' };
    } catch (error) {
      return settle(outcomeOfAdyenError(error, { kind: 'refund', attempted, resourceField: 'payment_id' }));
    }
  };
}
