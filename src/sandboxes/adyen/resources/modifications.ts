import {
  optionalString, pathParam, requireAmount, requireMerchantAccount, type AdyenCall, type HandlerResult,
} from '../api-call.js';
import { validation } from '../errors.js';
import { newPspReference } from '../ids.js';
import type { EventCode, NotificationOutbox } from '../notifications.js';
import type { AdyenState, Amount, ModificationKind, ModificationRecord, PaymentRecord } from '../state.js';

/**
 * Refunds, cancels and reversals (Checkout v72 modifications). Adyen answers each with
 * 201 `status: "received"` and decides later; the decision goes out as a REFUND,
 * CANCELLATION or CANCEL_OR_REFUND notification. The sandbox decides at once by
 * Adyen's accounting rules (refunds never exceed what was captured; only an uncaptured
 * authorisation can be cancelled) and queues the notification.
 */
const REFUND_REASONS = ['FRAUD', 'CUSTOMER REQUEST', 'RETURN', 'DUPLICATE', 'OTHER'];

export function refundPayment(call: AdyenCall): HandlerResult {
  const payment = modifiable(call);
  const amount = requireAmount(call.body);
  const reason = optionalString(call.body, 'merchantRefundReason');
  if (reason !== undefined && !REFUND_REASONS.includes(reason)) {
    throw validation('00_422', `Field 'merchantRefundReason' must be one of ${REFUND_REASONS.join(', ')}.`);
  }
  const refusal =
    amount.currency !== payment.amount.currency ? 'Modification in different currency than authorisation'
      : !isLive(payment) ? 'Payment is not authorised'
        : !payment.captured ? 'Payment has not been captured'
          : payment.refundedValue + amount.value > payment.amount.value ? 'Insufficient balance on payment'
            : undefined;
  if (!refusal) payment.refundedValue += amount.value;
  const modification = record(call, payment, 'refund', amount, refusal === undefined);
  notify(call.notifications, 'REFUND', payment, modification, refusal);
  return received(call, modification, { amount: { ...amount }, ...(reason ? { merchantRefundReason: reason } : {}) });
}

export function cancelPayment(call: AdyenCall): HandlerResult {
  const payment = modifiable(call);
  const refusal = !isLive(payment) ? 'Payment is not authorised' : payment.captured ? 'Payment has already been captured' : undefined;
  if (!refusal) payment.cancelled = true;
  const modification = record(call, payment, 'cancel', payment.amount, refusal === undefined);
  notify(call.notifications, 'CANCELLATION', payment, modification, refusal);
  return received(call, modification, {});
}

/** Refund or cancel, whichever the payment's state allows: the full amount either way. */
export function reversePayment(call: AdyenCall): HandlerResult {
  const payment = modifiable(call);
  const refusal = !isLive(payment) ? 'Payment is not authorised' : payment.refundedValue > 0 ? 'Payment is already partially refunded' : undefined;
  const action = payment.captured ? 'refund' : 'cancel';
  if (!refusal && action === 'refund') payment.refundedValue = payment.amount.value;
  if (!refusal && action === 'cancel') payment.cancelled = true;
  const modification = record(call, payment, 'reversal', payment.amount, refusal === undefined);
  notify(call.notifications, 'CANCEL_OR_REFUND', payment, modification, refusal, { 'modification.action': action });
  return received(call, modification, {});
}

/** Sandbox control: the delayed capture of an authorisation happens now (CAPTURE notification). */
export function capturePayment(state: AdyenState, notifications: NotificationOutbox, pspReference: string): void {
  const payment = state.payments.get(pspReference);
  if (!payment) throw new Error(`no payment ${pspReference}`);
  const refusal = !isLive(payment) ? 'Payment is not authorised' : payment.captured ? 'Payment has already been captured' : undefined;
  if (!refusal) payment.captured = true;
  const modification = store(state, payment, 'capture', payment.amount, refusal === undefined, undefined);
  notify(notifications, 'CAPTURE', payment, modification, refusal);
}

/** Sandbox control: a refund that succeeded is later rejected by the scheme (REFUND_FAILED). */
export function failRefund(state: AdyenState, notifications: NotificationOutbox, refundPspReference: string): void {
  const refund = state.modifications.get(refundPspReference);
  const payment = refund && state.payments.get(refund.paymentPspReference);
  if (!refund || !payment || refund.kind !== 'refund' || refund.status !== 'succeeded') {
    throw new Error(`no succeeded refund ${refundPspReference}`);
  }
  refund.status = 'failed';
  payment.refundedValue -= refund.amount.value;
  // REFUND_FAILED reports that the failure happened: its success is "true".
  notifications.emit({
    eventCode: 'REFUND_FAILED', success: true, pspReference: refund.pspReference,
    originalReference: payment.pspReference, merchantReference: refund.reference ?? payment.merchantReference,
    amount: refund.amount, paymentMethod: payment.brand, reason: 'Refund rejected by the card scheme',
  });
}

function modifiable(call: AdyenCall): PaymentRecord {
  requireMerchantAccount(call);
  const payment = call.state.payments.get(pathParam(call, 'paymentPspReference'));
  if (!payment) throw validation('167', 'Original pspReference required for this operation');
  return payment;
}

function isLive(payment: PaymentRecord): boolean {
  return payment.resultCode === 'Authorised' && !payment.cancelled;
}

function record(call: AdyenCall, payment: PaymentRecord, kind: ModificationKind, amount: Amount, succeeded: boolean): ModificationRecord {
  return store(call.state, payment, kind, amount, succeeded, optionalString(call.body, 'reference'));
}

function store(
  state: AdyenState, payment: PaymentRecord, kind: ModificationKind, amount: Amount, succeeded: boolean, reference: string | undefined,
): ModificationRecord {
  const modification: ModificationRecord = {
    pspReference: newPspReference(),
    paymentPspReference: payment.pspReference,
    kind,
    amount: { ...amount },
    status: succeeded ? 'succeeded' : 'failed',
    createdAt: state.clock.now(),
    ...(reference ? { reference } : {}),
  };
  state.modifications.set(modification.pspReference, modification);
  return modification;
}

function notify(
  notifications: NotificationOutbox, eventCode: EventCode, payment: PaymentRecord, modification: ModificationRecord,
  refusal: string | undefined, additionalData: Record<string, string> = {},
): void {
  notifications.emit({
    eventCode,
    success: refusal === undefined,
    pspReference: modification.pspReference,
    originalReference: payment.pspReference,
    merchantReference: modification.reference ?? payment.merchantReference,
    amount: modification.amount,
    paymentMethod: payment.brand,
    additionalData,
    ...(refusal ? { reason: refusal } : {}),
  });
}

function received(call: AdyenCall, modification: ModificationRecord, extra: Record<string, unknown>): HandlerResult {
  return {
    status: 201,
    body: {
      ...extra,
      merchantAccount: call.state.merchantAccount,
      paymentPspReference: modification.paymentPspReference,
      pspReference: modification.pspReference,
      ...(modification.reference ? { reference: modification.reference } : {}),
      status: 'received',
    },
  };
}
