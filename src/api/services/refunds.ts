import { create } from '@bufbuild/protobuf';
import {
  RefundPaymentRequestSchema,
  RefundPaymentResponseSchema,
  RefundReason,
  type RefundPaymentRequest,
} from '../../gen/tender/v1/payments_pb.js';
import { TenderError, invalidField } from '../../core/errors.js';
import { parseMoney } from '../../core/money.js';
import type { Money, Payment, RefundReason as Reason } from '../../core/types.js';
import { PaymentStatus } from '../../gen/tender/v1/common_pb.js';
import { parseId } from '../../core/ids.js';
import { rememberUnknown } from '../../reconcile/remember-unknown.js';
import { isUnsettledRef } from '../../reconcile/unsettled-ref.js';
import { isBeingSettled } from '../../reconcile/settling.js';
import type { CallContext } from '../../server/call-context.js';
import { audit } from '../audit.js';
import type { ApiDeps } from '../deps.js';
import { runIdempotent } from '../idempotent.js';
import { fromEnum } from '../mapping/enums.js';
import { refundMessage } from '../mapping/payments.js';
import { requireCapability, type AccountEntry } from '../registry.js';
import { unsettledPayment } from './unsettled-payments.js';

/**
 * Refunds all or part of a payment. The payment is read inside the idempotent section
 * and the amount checked against what is left, so that the caller gets a clear
 * FAILED_PRECONDITION instead of a processor error; the processor still enforces the
 * same bound, which is what stops two concurrent refunds under different keys from
 * exceeding the payment (payments-domain.md, "Refund races").
 */
export async function refundPayment(deps: ApiDeps, request: RefundPaymentRequest, call: CallContext) {
  const { account, localId } = deps.registry.resolve(call.principal.tenant, 'payment_id', request.paymentId);
  requireCapability(account, 'refund');
  const reason = fromEnum<Reason>(RefundReason, request.reason);
  if (!reason) throw invalidField('reason', 'required');
  const amount = request.amount ? parseMoney('amount', request.amount) : undefined;

  return runIdempotent(deps.idempotency, call, {
    key: request.idempotencyKey, request, responseSchema: RefundPaymentResponseSchema,
  }, async (ctx) => {
    const paymentId = isUnsettledRef(localId) ? await settledPaymentId(deps, call, account, localId) : localId;
    const payment = await account.adapter.getPayment(paymentId);
    if (!payment) throw new TenderError('not_found', 'payment_id: not found', { field: 'payment_id' });
    const problem = refundProblem(account, payment, amount);
    // This refund's own earlier attempt, its outcome unknown, may be what used the amount up.
    if (problem && !(await isBeingSettled(deps.store, call, request.idempotencyKey))) throw problem;
    const refund = await account.adapter.refund({ paymentId, amount, reason, note: request.note }, ctx);
    const meanwhile = audit(deps, call, account, `refund.${refund.status}`, {
      refundId: refund.id, paymentId, amount: refund.amount.amount, currency: refund.amount.currency,
      method: refund.method, reason,
    });
    if (refund.status === 'outcome_unknown') {
      await rememberUnknown(deps.store, deps.idempotency.retentionMs, call, {
        accountId: account.id, idempotencyKey: request.idempotencyKey, requestSchema: RefundPaymentRequestSchema, request,
      });
    }
    const response = create(RefundPaymentResponseSchema, { refund: refundMessage(account, refund) });
    return { response, final: refund.status !== 'outcome_unknown', meanwhile };
  });
}

/**
 * The processor's id of the payment a reference of an unknown outcome settled into; a
 * payment whose outcome is still unknown cannot be refunded yet (there may be nothing).
 */
async function settledPaymentId(deps: ApiDeps, call: CallContext, account: AccountEntry, ref: string): Promise<string> {
  const payment = await unsettledPayment(deps, call, account, ref);
  if (!payment) throw new TenderError('not_found', 'payment_id: not found', { field: 'payment_id' });
  if (payment.status === PaymentStatus.OUTCOME_UNKNOWN) {
    throw new TenderError('failed_precondition', "payment_id: the payment's outcome is not known yet; Tender is settling it with the processor", { field: 'payment_id' });
  }
  return parseId('payment_id', payment.id).localId;
}

/** Why the payment cannot be refunded by `amount` (the rest when undefined), if it cannot. */
function refundProblem(account: AccountEntry, payment: Payment, amount: Money | undefined): TenderError | undefined {
  if (payment.status !== 'succeeded' && payment.status !== 'processing') {
    return new TenderError('failed_precondition', `payment_id: payment is ${payment.status}; nothing to refund`, { field: 'payment_id' });
  }
  const remaining = payment.amount.amount - payment.amountRefunded.amount;
  if (remaining <= 0) {
    return new TenderError('failed_precondition', 'payment_id: payment is already fully refunded', { field: 'payment_id' });
  }
  if (!amount) return undefined;
  if (amount.currency !== payment.amount.currency) {
    return invalidField('amount.currency', `must be the payment's currency (${payment.amount.currency})`);
  }
  if (amount.amount > remaining) {
    return invalidField('amount.amount', `must be at most the ${remaining} minor units not yet refunded`);
  }
  if (amount.amount < remaining) requireCapability(account, 'partial_refund');
  return undefined;
}
