import { TenderError, isTenderError } from '../../core/errors.js';
import type { Payment } from '../../core/types.js';
import type { LedgerPayment, NewLedgerPayment } from '../../store/payment-ledger.js';

/**
 * Adyen's Checkout API has no payment lookup (no GET /payments/{pspReference}; Adyen's
 * answer is "keep what the responses and notifications told you"). So the adapter
 * writes what it learns to Tender's payment ledger (src/store/payment-ledger.ts: shared
 * by every Tender instance, kept across restarts), and GetPayment and the refund checks
 * read it: payments it charged, the refunds and cancellations it requested, and the
 * notifications it verified (which also teach it payments made through links). A
 * payment the ledger does not hold is reported as such (payments.ts), never as
 * declined or refunded.
 *
 * This file translates between the neutral Payment and the ledger's record.
 */

/** What a charge answer tells the ledger. `merchantReference` is the one sent to Adyen. */
export function ledgerEntryOf(payment: Payment, captured: boolean, merchantReference: string): NewLedgerPayment {
  return {
    id: payment.id,
    amount: payment.amount,
    customerId: payment.customerId,
    paymentMethodId: payment.paymentMethodId,
    status: payment.status,
    ...(payment.decline ? { decline: payment.decline } : {}),
    captured,
    createdAt: payment.createdAt?.getTime() ?? Date.now(),
    description: payment.description,
    merchantReference,
  };
}

/** The payment with `amountRefunded` = refunds requested or done, failed ones excluded. */
export function paymentOfEntry(entry: LedgerPayment): Payment {
  return {
    id: entry.id,
    customerId: entry.customerId,
    paymentMethodId: entry.paymentMethodId,
    invoiceId: '',
    amount: { ...entry.amount },
    status: entry.status,
    ...(entry.decline ? { decline: { ...entry.decline } } : {}),
    amountRefunded: { amount: entry.amountRefunded, currency: entry.amount.currency },
    createdAt: new Date(entry.createdAt),
    description: entry.description,
  };
}

/**
 * Refunded or pending minor units of a payment, leaving out refunds requested under
 * `reference`: a retry of the same request is not counted against itself.
 */
export function refundedExcept(entry: LedgerPayment, reference: string): number {
  return entry.refunds
    .filter((refund) => refund.status !== 'failed' && refund.reference !== reference)
    .reduce((total, refund) => total + refund.amount, 0);
}

/**
 * A ledger step after Adyen already acted. When the store fails here the money may have
 * moved, so the error says so (`processorReached`, processor-port.ts): the caller
 * retries with the same key, Adyen replays its answer under the same Idempotency-Key,
 * and the step runs again then.
 */
export async function afterAdyen<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (!isTenderError(error)) throw error;
    throw new TenderError(error.code, `Adyen accepted the request, but Tender's store then failed (${error.message}); retry with the same key`, {
      ...(error.field === undefined ? {} : { field: error.field }),
      processorReached: true,
    });
  }
}
