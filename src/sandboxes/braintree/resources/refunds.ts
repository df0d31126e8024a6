import { answer, type ApiCall, type ApiResult } from '../api-call.js';
import { issue, validationFailure, type ValidationIssue } from '../errors.js';
import { PROCESSED } from '../processor-responses.js';
import type { SandboxTransaction, TransactionStatus } from '../records.js';
import { randomId, type BraintreeState } from '../state.js';
import { parseAmount } from './amounts.js';
import { moveTransaction } from './settlement.js';
import { renderTransaction } from './transaction-xml.js';
import { transactionOf } from './transactions.js';

const SCOPE = ['transaction'];

/** Braintree refunds settled (or settling) sales; before that the money is released by a void. */
const REFUNDABLE: ReadonlySet<TransactionStatus> = new Set(['settled', 'settling', 'settlement_confirmed']);
const VOIDABLE: ReadonlySet<TransactionStatus> = new Set(['authorized', 'submitted_for_settlement', 'settlement_pending']);
/** Refunds that moved no money do not count against what is left to refund. */
const NOT_REFUNDED: ReadonlySet<TransactionStatus> = new Set(['voided', 'failed', 'processor_declined', 'gateway_rejected']);

export function refundedAmount(state: BraintreeState, tx: SandboxTransaction): number {
  return tx.refundIds
    .map((id) => state.transactions.get(id))
    .filter((refund): refund is SandboxTransaction => refund !== undefined && !NOT_REFUNDED.has(refund.status))
    .reduce((sum, refund) => sum + refund.amount, 0);
}

/**
 * POST /transactions/{id}/refund: a credit transaction for part or all of what is left
 * (no amount: all of it), submitted for settlement at once with response 1002
 * "Processed". Refused: a credit (91505), an unsettled sale (91506), nothing left
 * (91512), more than is left (91521).
 */
export function refundTransaction(call: ApiCall): ApiResult {
  const { state } = call;
  const sale = transactionOf(state, call.pathParams.id ?? '');
  const params = call.body.child('transaction');
  const remaining = sale.amount - refundedAmount(state, sale);
  const problem = refundProblem(state, sale, params.string('amount'), remaining);
  if (typeof problem !== 'number') throw validationFailure([problem], call.body.raw());
  const now = state.clock.now();
  const refund: SandboxTransaction = {
    ...sale,
    id: randomId(8),
    type: 'credit',
    status: 'submitted_for_settlement',
    amount: problem,
    orderId: params.string('order_id') ?? null,
    response: PROCESSED,
    gatewayRejectionReason: null,
    authorizationCode: null,
    refundIds: [],
    refundedTransactionId: sale.id,
    subscriptionId: null,
    planId: null,
    statusHistory: [{ status: 'submitted_for_settlement', at: now, amount: problem }],
    submittedAt: now,
    createdAt: now,
    updatedAt: now,
  };
  state.transactions.set(refund.id, refund);
  sale.refundIds.push(refund.id);
  sale.updatedAt = now;
  return answer('transaction', renderTransaction(state, refund), 201);
}

/** The amount to refund, or why not. */
function refundProblem(
  state: BraintreeState,
  sale: SandboxTransaction,
  amountText: string | undefined,
  remaining: number,
): number | ValidationIssue {
  if (sale.type === 'credit') return issue(SCOPE, '91505', 'base', 'Cannot refund a credit.');
  if (!REFUNDABLE.has(sale.status)) {
    return issue(SCOPE, '91506', 'base', 'Cannot refund a transaction unless it is settled.');
  }
  if (remaining <= 0) return issue(SCOPE, '91512', 'base', 'Transaction has already been fully refunded.');
  if (amountText === undefined) return remaining;
  const amount = parseAmount(amountText, state.currency, SCOPE);
  if (typeof amount !== 'number') return amount;
  if (amount > remaining) return issue(SCOPE, '91521', 'amount', 'Refund amount is too large.');
  return amount;
}

/** PUT /transactions/{id}/void: releases an authorization or a sale not yet settled. */
export function voidTransaction(call: ApiCall): ApiResult {
  const tx = transactionOf(call.state, call.pathParams.id ?? '');
  if (!VOIDABLE.has(tx.status)) {
    const message = 'Transaction can only be voided if status is authorized, submitted_for_settlement, or - for PayPal - settlement_pending.';
    throw validationFailure([issue(SCOPE, '91504', 'base', message)], call.body.raw());
  }
  moveTransaction(tx, 'voided', call.state.clock.now());
  tx.submittedAt = null;
  return answer('transaction', renderTransaction(call.state, tx));
}
