import { create } from '@bufbuild/protobuf';
import {
  RefundPaymentResponseSchema,
  RefundReason,
  type RefundPaymentRequest,
} from '../../gen/tender/v1/payments_pb.js';
import { TenderError, invalidField } from '../../core/errors.js';
import { parseMoney } from '../../core/money.js';
import type { RefundReason as Reason } from '../../core/types.js';
import type { CallContext } from '../../server/call-context.js';
import { audit } from '../audit.js';
import type { ApiDeps } from '../deps.js';
import { runIdempotent } from '../idempotent.js';
import { fromEnum } from '../mapping/enums.js';
import { refundMessage } from '../mapping/payments.js';
import { requireCapability } from '../registry.js';

/**
 * Refunds all or part of a payment. The payment is read inside the idempotent section
 * and the amount checked against what is left, so that the caller gets a clear
 * FAILED_PRECONDITION instead of a processor error; the processor still enforces the
 * same bound, which is what stops two concurrent refunds under different keys from
 * exceeding the payment (payments-domain.md, "Refund races").
 */
export async function refundPayment(deps: ApiDeps, request: RefundPaymentRequest, call: CallContext) {
  const { account, localId: paymentId } = deps.registry.resolve(call.principal.tenant, 'payment_id', request.paymentId);
  requireCapability(account, 'refund');
  const reason = fromEnum<Reason>(RefundReason, request.reason);
  if (!reason) throw invalidField('reason', 'required');
  const amount = request.amount ? parseMoney('amount', request.amount) : undefined;

  return runIdempotent(deps.idempotency, call, {
    key: request.idempotencyKey, request, responseSchema: RefundPaymentResponseSchema,
  }, async (ctx) => {
    const payment = await account.adapter.getPayment(paymentId);
    if (!payment) throw new TenderError('not_found', 'payment_id: not found', { field: 'payment_id' });
    if (payment.status !== 'succeeded' && payment.status !== 'processing') {
      throw new TenderError('failed_precondition', `payment_id: payment is ${payment.status}; nothing to refund`, { field: 'payment_id' });
    }
    const remaining = payment.amount.amount - payment.amountRefunded.amount;
    if (remaining <= 0) {
      throw new TenderError('failed_precondition', 'payment_id: payment is already fully refunded', { field: 'payment_id' });
    }
    if (amount) {
      if (amount.currency !== payment.amount.currency) {
        throw invalidField('amount.currency', `must be the payment's currency (${payment.amount.currency})`);
      }
      if (amount.amount > remaining) {
        throw invalidField('amount.amount', `must be at most the ${remaining} minor units not yet refunded`);
      }
      if (amount.amount < remaining) requireCapability(account, 'partial_refund');
    }
    const refund = await account.adapter.refund({ paymentId, amount, reason, note: request.note }, ctx);
    await audit(deps, call, account, `refund.${refund.status}`, {
      refundId: refund.id, paymentId, amount: refund.amount.amount, currency: refund.amount.currency,
      method: refund.method, reason,
    });
    const response = create(RefundPaymentResponseSchema, { refund: refundMessage(account, refund) });
    return { response, final: refund.status !== 'outcome_unknown' };
  });
}
