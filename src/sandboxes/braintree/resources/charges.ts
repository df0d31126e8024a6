import {
  APPROVED,
  NETWORK_UNAVAILABLE,
  declineResponse,
  outcomeOfAmount,
  type ChargeOutcome,
} from '../processor-responses.js';
import type { SandboxTransaction, TransactionStatus } from '../records.js';
import { randomId, type BraintreeState } from '../state.js';

/** What is being charged; `card.token` is null for a nonce that is not vaulted. */
export interface ChargeRequest {
  amount: number;
  card: SandboxTransaction['card'];
  customerId: string | null;
  orderId: string | null;
  submitForSettlement: boolean;
  subscriptionId?: string;
  planId?: string;
}

/**
 * Runs one sale against the simulated processor and stores the transaction, whatever
 * its outcome: Braintree keeps declined and rejected transactions too, with an id. A
 * flagged test card decides the outcome first; otherwise the documented test amounts
 * do (processor-responses.ts).
 */
export function recordCharge(state: BraintreeState, request: ChargeRequest): SandboxTransaction {
  const now = state.clock.now();
  const outcome: ChargeOutcome =
    request.card.behaviour.kind === 'approve' ? outcomeOfAmount(request.amount) : request.card.behaviour;
  const tx: SandboxTransaction = {
    id: randomId(8),
    type: 'sale',
    status: 'authorized',
    amount: request.amount,
    currency: state.currency,
    merchantAccountId: state.merchantAccountId,
    orderId: request.orderId,
    customerId: request.customerId,
    card: request.card,
    response: APPROVED,
    gatewayRejectionReason: null,
    authorizationCode: null,
    refundIds: [],
    refundedTransactionId: null,
    subscriptionId: request.subscriptionId ?? null,
    planId: request.planId ?? null,
    statusHistory: [],
    submittedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  const move = (status: TransactionStatus) => {
    tx.status = status;
    tx.statusHistory.push({ status, at: now, amount: tx.amount });
  };
  switch (outcome.kind) {
    case 'approve':
      tx.authorizationCode = randomId(6, 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789');
      move('authorized');
      if (request.submitForSettlement) {
        move('submitted_for_settlement');
        tx.submittedAt = now;
      }
      break;
    case 'processor_decline':
      tx.response = declineResponse(outcome.code);
      move('processor_declined');
      break;
    case 'fail':
      tx.response = NETWORK_UNAVAILABLE;
      move('failed');
      break;
    case 'gateway_reject':
      tx.response = null;
      tx.gatewayRejectionReason = outcome.reason;
      move('gateway_rejected');
      break;
  }
  state.transactions.set(tx.id, tx);
  return tx;
}

export function succeeded(tx: SandboxTransaction): boolean {
  return tx.status === 'authorized' || tx.status === 'submitted_for_settlement';
}

/** The `<message>` Braintree gives an unsuccessful transaction. */
export function failureMessage(tx: SandboxTransaction): string {
  if (tx.status === 'gateway_rejected') return `Gateway Rejected: ${tx.gatewayRejectionReason ?? 'unknown'}`;
  return tx.response?.text ?? 'Declined';
}
