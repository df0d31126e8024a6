import { TenderError } from '../../core/errors.js';
import { toDecimalString } from '../../core/money.js';
import type { MutationContext, ProcessorAdapter, RefundInput } from '../../core/processor-port.js';
import type { Refund } from '../../core/types.js';
import { braintreeCall, collect, ensureStillWanted, settle, type BraintreeDeps } from './calls.js';
import { isErrorResult, outcomeOfBraintreeFailure } from './errors.js';
import { countsAsRefunded, mapRefund, mapVoid, moneyOf } from './mapping.js';
import type { WireTransaction } from './wire.js';

/** Braintree refunds a sale once it has settled (or is settling)... */
const REFUNDABLE: ReadonlySet<string> = new Set(['settled', 'settling', 'settlement_confirmed']);
/** ...and before that releases it with a void, which returns the whole amount. */
const VOIDABLE: ReadonlySet<string> = new Set(['authorized', 'submitted_for_settlement', 'settlement_pending']);
/** Braintree's "can only be voided if status is authorized, submitted_for_settlement...". */
const CANNOT_BE_VOIDED = '91504';

/**
 * Money back, by whichever operation Braintree allows for the sale's status; the
 * caller asked for money back, and Refund.method says which it was:
 * - settled or settling: a refund (a credit transaction), whole or partial, carrying
 *   the processor key as its order id so that a retry finds it among the sale's
 *   refunds instead of refunding twice;
 * - not yet settled: a void, which releases the whole sale. Braintree cannot return
 *   part of an unsettled sale, so a partial request fails with FAILED_PRECONDITION.
 *   Voiding is idempotent by status: a sale already voided reports that void.
 * A void that loses the race with the settlement batch (91504) is retried as a refund.
 * Braintree keeps no refund reason or note: the reason reported is the caller's.
 */
export function refundOperation(deps: BraintreeDeps): ProcessorAdapter['refund'] {
  return async (input, ctx) => {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const outcome = await moneyBack(deps, await findSale(deps, input.paymentId), input, ctx);
      if (outcome !== 'settled_meanwhile') return outcome;
    }
    throw new TenderError('aborted', 'the payment changed status while it was being refunded; retry with the same key');
  };
}

/** The refunds (credit transactions) of a sale, found by the ids the sale lists. */
export async function refundsOf(deps: BraintreeDeps, sale: WireTransaction): Promise<WireTransaction[]> {
  const ids = sale.refundIds ?? [];
  if (ids.length === 0) return [];
  const found = await braintreeCall({ kind: 'read' }, () =>
    collect<WireTransaction>(deps.gateway.transaction.search((search) => search.ids?.().in(ids))),
  );
  return found.filter((refund) => ids.includes(refund.id));
}

async function findSale(deps: BraintreeDeps, paymentId: string): Promise<WireTransaction> {
  const sale = await braintreeCall({ kind: 'read', resourceField: 'payment_id' }, () => deps.gateway.transaction.find(paymentId));
  if (sale.type !== 'sale') throw new TenderError('failed_precondition', 'payment_id names a refund, not a payment', { field: 'payment_id' });
  return sale;
}

async function moneyBack(
  deps: BraintreeDeps,
  sale: WireTransaction,
  input: RefundInput,
  ctx: MutationContext,
): Promise<Refund | 'settled_meanwhile'> {
  ensureStillWanted(ctx);
  const total = moneyOf(sale.amount, sale.currencyIsoCode);
  if (input.amount && input.amount.currency !== total.currency) {
    throw new TenderError('invalid_argument', 'amount.currency: differs from the payment currency', { field: 'amount.currency' });
  }
  const whole = !input.amount || input.amount.amount === total.amount;
  if (sale.status === 'voided') {
    if (whole) return mapVoid(sale, input.reason);
    throw new TenderError('failed_precondition', 'the payment was voided: nothing is left to refund', { field: 'payment_id' });
  }
  if (VOIDABLE.has(sale.status)) {
    if (!whole) {
      throw new TenderError(
        'failed_precondition',
        'amount: Braintree refunds part of a payment only after it settles (usually within a day); until then only the whole amount can be returned',
        { field: 'amount.amount' },
      );
    }
    return voidSale(deps, sale, input);
  }
  if (!REFUNDABLE.has(sale.status)) {
    throw new TenderError('failed_precondition', `the payment is ${sale.status}: nothing to refund`, { field: 'payment_id' });
  }
  return refundSale(deps, sale, input, ctx);
}

async function voidSale(deps: BraintreeDeps, sale: WireTransaction, input: RefundInput): Promise<Refund | 'settled_meanwhile'> {
  const attempted: Refund = { ...mapVoid(sale, input.reason), status: 'outcome_unknown' };
  try {
    const result = await deps.gateway.transaction.void(sale.id);
    if (result.success) return mapVoid(result.transaction, input.reason);
    if (result.errors.deepErrors().some((error) => error.code === CANNOT_BE_VOIDED)) return 'settled_meanwhile';
    return settle(outcomeOfBraintreeFailure(result, { kind: 'refund', attempted, resourceField: 'payment_id' }));
  } catch (error) {
    return settle(outcomeOfBraintreeFailure(error, { kind: 'refund', attempted, resourceField: 'payment_id' }));
  }
}

async function refundSale(deps: BraintreeDeps, sale: WireTransaction, input: RefundInput, ctx: MutationContext): Promise<Refund> {
  const key = ctx.processorIdempotencyKey;
  const refunds = await refundsOf(deps, sale);
  const earlier = refunds.find((refund) => refund.orderId === key);
  if (earlier) return mapRefund(earlier, sale.id, input.reason);
  const total = moneyOf(sale.amount, sale.currencyIsoCode);
  const refunded = refunds.filter(countsAsRefunded).reduce((sum, refund) => sum + moneyOf(refund.amount, refund.currencyIsoCode).amount, 0);
  const amount = input.amount ?? { amount: total.amount - refunded, currency: total.currency };
  const attempted: Refund = { id: '', paymentId: sale.id, amount, status: 'outcome_unknown', reason: input.reason, method: 'refund' };
  try {
    const result = await deps.gateway.transaction.refund(sale.id, { amount: toDecimalString(amount), orderId: key });
    if (result.success) return mapRefund(result.transaction, sale.id, input.reason);
    if (isErrorResult(result) && result.transaction) return mapRefund(result.transaction, sale.id, input.reason);
    return settle(outcomeOfBraintreeFailure(result, { kind: 'refund', attempted, resourceField: 'payment_id' }));
  } catch (error) {
    return settle(outcomeOfBraintreeFailure(error, { kind: 'refund', attempted, resourceField: 'payment_id' }));
  }
}
