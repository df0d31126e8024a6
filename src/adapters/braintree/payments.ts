import { TenderError } from '../../core/errors.js';
import { toDecimalString } from '../../core/money.js';
import type { MutationContext, ProcessorAdapter } from '../../core/processor-port.js';
import type { Money, Payment } from '../../core/types.js';
import { checkCurrency, collect, ensureStillWanted, readOptional, settle, type BraintreeDeps } from './calls.js';
import { defaultPaymentMethodOf } from './customers.js';
import { outcomeOfBraintreeFailure } from './errors.js';
import { countsAsRefunded, mapTransaction, moneyOf } from './mapping.js';
import { refundOperation, refundsOf } from './refunds.js';
import type { WireTransaction } from './wire.js';

type PaymentOperations = Pick<ProcessorAdapter, 'charge' | 'getPayment' | 'refund'>;

/** What is sold: a vaulted token, or a nonce from Tender's card-entry page. */
export interface SaleRequest {
  amount: Money;
  /** Empty for a guest payment with a nonce. */
  customerId: string;
  source: { paymentMethodToken: string } | { paymentMethodNonce: string; vault: boolean };
}

/** The payment as requested, before Braintree gave it an id: what an unknown outcome reports. */
export function attemptedPayment(fields: Pick<Payment, 'customerId' | 'paymentMethodId' | 'amount' | 'description'>): Payment {
  const { customerId, paymentMethodId, amount, description } = fields;
  return { id: '', customerId, paymentMethodId, invoiceId: '', amount, status: 'outcome_unknown', amountRefunded: { amount: 0, currency: amount.currency }, description };
}

/**
 * One sale, submitted for settlement, exactly once per processor key. The key is sent
 * as `api_request_key`, so Braintree answers a retry with the first result (or refuses
 * it as in flight), and as `order_id`, so that a retry after a crash or a lost answer
 * first searches for the sale the earlier attempt made and returns it instead of
 * charging again: the order id is the fence that survives Tender, the SDK (which never
 * retries) and the key's retention at Braintree. A Braintree sale has no free-text
 * description (custom fields need the merchant's Control Panel setup), so a payment
 * read back from Braintree has an empty description.
 */
export async function sell(deps: BraintreeDeps, request: SaleRequest, attempted: Payment, ctx: MutationContext): Promise<Payment> {
  ensureStillWanted(ctx);
  checkCurrency(deps, request.amount, 'amount.currency');
  const key = ctx.processorIdempotencyKey;
  try {
    const earlier = await earlierSale(deps, key);
    if (earlier) return await replayed(deps, earlier, request);
    const { source } = request;
    const result = await deps.gateway.transaction.sale({
      amount: toDecimalString(request.amount),
      ...('paymentMethodToken' in source ? { paymentMethodToken: source.paymentMethodToken } : { paymentMethodNonce: source.paymentMethodNonce }),
      ...(request.customerId ? { customerId: request.customerId } : {}),
      ...(deps.merchantAccountId ? { merchantAccountId: deps.merchantAccountId } : {}),
      orderId: key,
      apiRequestKey: key,
      options: { submitForSettlement: true, ...('vault' in source && source.vault ? { storeInVaultOnSuccess: true } : {}) },
    });
    if (result.success) return mapTransaction(result.transaction);
    // A decline or rejection is a processed result, carried by the failed result.
    if (result.transaction) return mapTransaction(result.transaction);
    return settle(outcomeOfBraintreeFailure(result, { kind: 'payment', attempted }));
  } catch (error) {
    return settle(outcomeOfBraintreeFailure(error, { kind: 'payment', attempted }));
  }
}

async function earlierSale(deps: BraintreeDeps, orderId: string): Promise<WireTransaction | undefined> {
  const found = await collect<WireTransaction>(deps.gateway.transaction.search((search) => search.orderId?.().is(orderId)));
  return found.find((tx) => tx.type === 'sale' && tx.orderId === orderId);
}

/** The earlier sale with this key, if it is the same sale; another amount is a key reuse. */
async function replayed(deps: BraintreeDeps, earlier: WireTransaction, request: SaleRequest): Promise<Payment> {
  const amount = moneyOf(earlier.amount, earlier.currencyIsoCode);
  const sameCustomer = !request.customerId || earlier.customer?.id === request.customerId;
  if (amount.amount !== request.amount.amount || amount.currency !== request.amount.currency || !sameCustomer) {
    throw new TenderError('failed_precondition', 'idempotency key already used at Braintree for a different payment');
  }
  return paymentOf(deps, earlier);
}

/** A sale with what has been given back: its refunds, or all of it when it was voided. */
export async function paymentOf(deps: BraintreeDeps, sale: WireTransaction): Promise<Payment> {
  if (sale.status === 'voided') return mapTransaction(sale, moneyOf(sale.amount, sale.currencyIsoCode));
  const refunds = await refundsOf(deps, sale);
  const refunded = refunds.filter(countsAsRefunded).reduce((sum, refund) => sum + moneyOf(refund.amount, refund.currencyIsoCode).amount, 0);
  return mapTransaction(sale, { amount: refunded, currency: sale.currencyIsoCode });
}

export function paymentOperations(deps: BraintreeDeps): PaymentOperations {
  return {
    async charge(input, ctx) {
      const paymentMethodId = input.paymentMethodId || (await defaultPaymentMethodOf(deps, input.customerId));
      const attempted = attemptedPayment({ customerId: input.customerId, paymentMethodId, amount: input.amount, description: input.description });
      return sell(deps, { amount: input.amount, customerId: input.customerId, source: { paymentMethodToken: paymentMethodId } }, attempted, ctx);
    },

    /** A refund (a credit transaction) is not a payment: its id reads as unknown here. */
    async getPayment(paymentId) {
      const sale = await readOptional(() => deps.gateway.transaction.find(paymentId));
      if (!sale || sale.type !== 'sale') return undefined;
      return paymentOf(deps, sale);
    },

    refund: refundOperation(deps),
  };
}
