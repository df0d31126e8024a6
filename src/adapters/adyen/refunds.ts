import { TenderError, invalidField } from '../../core/errors.js';
import type { ProcessorAdapter } from '../../core/processor-port.js';
import type { Money, Refund } from '../../core/types.js';
import { mutationOptions, settle, type AdyenDeps } from './calls.js';
import { outcomeOfAdyenError } from './errors.js';
import { merchantReferenceOf } from './keys.js';
import { afterAdyen, paymentOfEntry, refundedExcept } from './ledger.js';
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
 * Bounds are checked against Tender's payment ledger (ledger.ts) so that an
 * over-refund is refused at once instead of failing by notification later; Adyen
 * enforces the same bound, and is the only bound for two refunds racing through two
 * instances. A retry of the same request (same processor key, so the same merchant
 * reference) is not counted against itself and gets Adyen's replayed answer; the
 * ledger counts the refund once, by Adyen's id.
 */
export function refundOperation(deps: AdyenDeps): ProcessorAdapter['refund'] {
  return async (input, ctx) => {
    const reference = merchantReferenceOf(ctx.processorIdempotencyKey);
    const entry = input.paymentId === '' ? undefined : await deps.ledger.get(deps.accountId, input.paymentId);
    if (!entry && !input.amount) {
      throw new TenderError('failed_precondition', 'amount: required, as Tender holds no record of the payment', { field: 'amount' });
    }
    let money: Money = input.amount ?? { amount: 0, currency: '' };
    let full = false;
    if (entry) {
      const payment = paymentOfEntry(entry);
      if (payment.status !== 'succeeded' && payment.status !== 'processing') {
        throw new TenderError('failed_precondition', `payment_id: payment is ${payment.status}; nothing to refund`, { field: 'payment_id' });
      }
      if (input.amount && input.amount.currency !== payment.amount.currency) {
        throw invalidField('amount.currency', `must be the payment's currency (${payment.amount.currency})`);
      }
      const refunded = refundedExcept(entry, reference);
      const remaining = payment.amount.amount - refunded;
      if (remaining <= 0) throw new TenderError('failed_precondition', 'payment_id: payment is already fully refunded', { field: 'payment_id' });
      money = input.amount ?? { amount: remaining, currency: payment.amount.currency };
      if (money.amount > remaining) throw invalidField('amount.amount', `must be at most the ${remaining} minor units not yet refunded`);
      full = refunded === 0 && money.amount === payment.amount.amount;
    }
    const uncaptured = entry !== undefined && !entry.captured;
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
    const common = { merchantAccount: deps.merchantAccount, reference };
    let refundId: string;
    try {
      const response = uncaptured
        ? await deps.checkout.modifications.cancelAuthorisedPaymentByPspReference(input.paymentId, common, options)
        : await deps.checkout.modifications.refundCapturedPayment(
          input.paymentId,
          { ...common, amount: amountOf(money), merchantRefundReason: WIRE.refundReasons[merchantRefundReasonOf(input.reason)] },
          options,
        );
      refundId = response.pspReference;
    } catch (error) {
      return settle(outcomeOfAdyenError(error, { kind: 'refund', attempted, resourceField: 'payment_id' }));
    }
    if (entry) {
      const refund = { id: refundId, amount: money.amount, status: 'pending', reference } as const;
      await afterAdyen(() => deps.ledger.applyRefund(deps.accountId, input.paymentId, refund));
    }
    return { ...attempted, id: refundId, status: 'pending' };
  };
}
