import { TenderError } from '../../core/errors.js';
import type { ProcessorAdapter } from '../../core/processor-port.js';
import type { Payment } from '../../core/types.js';
import { mutationOptions, settle, type AdyenDeps } from './calls.js';
import { defaultPaymentMethodOf } from './customers.js';
import { outcomeOfAdyenError } from './errors.js';
import { merchantReferenceOf } from './keys.js';
import { afterAdyen, ledgerEntryOf, paymentOfEntry } from './ledger.js';
import { amountOf, mapPaymentResponse } from './mapping.js';
import { refundOperation } from './refunds.js';
import { WIRE } from './sdk.js';

type PaymentOperations = Pick<ProcessorAdapter, 'charge' | 'getPayment' | 'refund'>;

/** Adyen's pspReference: "Adyen's 16-character unique reference" (Webhooks v1 spec). */
const PSP_REFERENCE = /^[A-Z0-9]{16}$/;

export function paymentOperations(deps: AdyenDeps): PaymentOperations {
  return {
    /**
     * A merchant-initiated charge of a stored card (processor-wire.md, Adyen):
     * `storedPaymentMethodId`, the shopper reference, `shopperInteraction: ContAuth` and
     * `recurringProcessingModel: UnscheduledCardOnFile` (a charge the shopper is not
     * present for, at no fixed schedule). The merchant reference and Idempotency-Key
     * both come from Tender's processor key.
     */
    async charge(input, ctx) {
      const paymentMethodId = input.paymentMethodId || (await defaultPaymentMethodOf(deps, input.customerId));
      const requested: Omit<Payment, 'id' | 'status'> = {
        customerId: input.customerId,
        paymentMethodId,
        invoiceId: '',
        amount: input.amount,
        amountRefunded: { amount: 0, currency: input.amount.currency },
        description: input.description,
        createdAt: new Date(),
      };
      const options = mutationOptions(ctx);
      const reference = merchantReferenceOf(ctx.processorIdempotencyKey);
      let payment: Payment;
      try {
        const response = await deps.checkout.payments.payments(
          {
            amount: amountOf(input.amount),
            merchantAccount: deps.merchantAccount,
            paymentMethod: { type: WIRE.scheme, storedPaymentMethodId: paymentMethodId },
            reference,
            returnUrl: deps.returnUrl,
            shopperInteraction: WIRE.contAuth,
            recurringProcessingModel: WIRE.unscheduledCardOnFile,
            shopperReference: input.customerId,
            ...(Object.keys(input.metadata).length > 0 ? { metadata: input.metadata } : {}),
          },
          options,
        );
        payment = mapPaymentResponse(response, requested);
      } catch (error) {
        return settle(outcomeOfAdyenError(error, { kind: 'payment', attempted: { ...requested, id: '', status: 'outcome_unknown' } }));
      }
      if (payment.id) {
        const entry = ledgerEntryOf(payment, !deps.captureDelayed, reference);
        await afterAdyen(() => deps.ledger.put(deps.accountId, entry));
      }
      return payment;
    },

    /**
     * Adyen's Checkout API cannot look a payment up, so this reads what Tender learned
     * (ledger.ts). An id that cannot be a pspReference is no payment at all; a
     * pspReference the ledger does not hold is refused plainly rather than called
     * missing, since Adyen may well hold it.
     */
    async getPayment(paymentId) {
      if (!PSP_REFERENCE.test(paymentId)) return undefined;
      const known = await deps.ledger.get(deps.accountId, paymentId);
      if (known) return paymentOfEntry(known);
      throw new TenderError(
        'failed_precondition',
        'payment_id: Adyen offers no payment lookup, and Tender holds no record of that payment ' +
          '(made outside Tender, or its record expired); its outcome is in Adyen\'s notifications and Customer Area',
        { field: 'payment_id' },
      );
    },

    refund: refundOperation(deps),
  };
}
