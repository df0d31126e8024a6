import { answer, type ApiCall, type ApiResult } from '../api-call.js';
import { issue, notFound, validationFailure } from '../errors.js';
import type { SandboxTransaction, TransactionStatus } from '../records.js';
import type { BraintreeState } from '../state.js';
import { renderTransaction } from './transaction-xml.js';

/**
 * Settlement: a transaction submitted for settlement settles in a later batch. The
 * sandbox settles it `settleAfterSeconds` after submission by its clock (checked at
 * every request), or on demand: `state.settle(id)`, `state.settleAll()`,
 * POST /_sandbox/settle[/{id}], and the SDK's sandbox-only testing gateway
 * (`gateway.testing.settle(id)`: PUT /transactions/{id}/settle, settlement_confirm,
 * settlement_decline, settlement_pending).
 */
const UNSETTLED: ReadonlySet<TransactionStatus> = new Set(['submitted_for_settlement', 'settling', 'settlement_pending']);

/** Moves a transaction to a status and records it in its history; refunds and voids use it too. */
export function moveTransaction(tx: SandboxTransaction, status: TransactionStatus, at: Date): void {
  tx.status = status;
  tx.updatedAt = at;
  tx.statusHistory.push({ status, at, amount: tx.amount });
}

function cannotSimulate(): Error {
  return validationFailure([issue(['transaction'], '91575', 'base', 'Cannot simulate transaction settlement.')], {});
}

export function settleTransaction(state: BraintreeState, id: string): SandboxTransaction {
  const tx = state.transactions.get(id);
  if (!tx) throw notFound();
  if (!UNSETTLED.has(tx.status)) throw cannotSimulate();
  moveTransaction(tx, 'settled', state.clock.now());
  return tx;
}

export function settleAll(state: BraintreeState): number {
  const due = [...state.transactions.values()].filter((tx) => UNSETTLED.has(tx.status));
  for (const tx of due) moveTransaction(tx, 'settled', state.clock.now());
  return due.length;
}

/** Settles what the settlement delay has made due. */
export function settleDue(state: BraintreeState): void {
  if (!Number.isFinite(state.settleAfterSeconds)) return;
  const now = state.clock.now();
  for (const tx of state.transactions.values()) {
    if (tx.status !== 'submitted_for_settlement' || !tx.submittedAt) continue;
    if (now.getTime() - tx.submittedAt.getTime() >= state.settleAfterSeconds * 1000) moveTransaction(tx, 'settled', now);
  }
}

const TESTING_MOVES: Readonly<Record<string, { from: ReadonlySet<TransactionStatus>; to: TransactionStatus }>> = {
  settle: { from: UNSETTLED, to: 'settled' },
  settlement_confirm: { from: new Set(['settled', ...UNSETTLED]), to: 'settlement_confirmed' },
  settlement_decline: { from: new Set(['settled', ...UNSETTLED]), to: 'settlement_declined' },
  settlement_pending: { from: UNSETTLED, to: 'settlement_pending' },
};

/** PUT /transactions/{id}/{operation}: the SDK's testing gateway. */
export function simulateSettlement(call: ApiCall): ApiResult {
  const tx = call.state.transactions.get(call.pathParams.id ?? '');
  if (!tx) throw notFound();
  const operation = TESTING_MOVES[call.pathParams.operation ?? ''];
  if (!operation) throw notFound();
  if (!operation.from.has(tx.status)) throw cannotSimulate();
  moveTransaction(tx, operation.to, call.state.clock.now());
  return answer('transaction', renderTransaction(call.state, tx));
}

/** PUT /transactions/{id}/submit_for_settlement, for a sale authorized without it. */
export function submitForSettlement(call: ApiCall): ApiResult {
  const tx = call.state.transactions.get(call.pathParams.id ?? '');
  if (!tx) throw notFound();
  if (tx.status !== 'authorized') {
    throw validationFailure(
      [issue(['transaction'], '91507', 'base', 'Cannot submit for settlement unless status is authorized.')],
      call.body.raw(),
    );
  }
  const now = call.state.clock.now();
  moveTransaction(tx, 'submitted_for_settlement', now);
  tx.submittedAt = now;
  return answer('transaction', renderTransaction(call.state, tx));
}
