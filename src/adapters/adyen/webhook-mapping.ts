import type { ProcessorNotification } from '../../core/processor-port.js';
import { declineDetailOf } from './declines.js';
import type { PaymentLedger } from './ledger.js';
import type { WireNotificationItem } from './wire.js';

/**
 * Turns one verified standard notification into neutral notifications, and teaches the
 * ledger what it says. Ids are `pspReference:eventCode:success`, which Adyen keeps for
 * every redelivery of the same event, so the consumer can deduplicate on them.
 *
 * AUTHORISATION: payment.succeeded / payment.declined (and payment_link.completed when a
 * link was paid); REFUND: refund.succeeded / refund.failed; REFUND_FAILED: refund.failed;
 * CANCELLATION and CANCEL_OR_REFUND: refund.succeeded / refund.failed (method void when
 * cancelled); CAPTURE: payment.captured / payment.capture_failed; CAPTURE_FAILED:
 * payment.capture_failed; anything else: adyen.<event code>, for the record.
 */
export function notificationsOf(item: WireNotificationItem): ProcessorNotification[] {
  const success = item.success === 'true';
  const extra = item.additionalData ?? {};
  const data: Record<string, string | number | boolean> = {
    eventCode: item.eventCode,
    success,
    amount: item.amount.value,
    currency: item.amount.currency,
    merchantReference: item.merchantReference,
  };
  if (item.originalReference) data.paymentId = item.originalReference;
  if (item.reason) data.reason = item.reason;
  const one = (type: string, subjectId = item.pspReference, suffix = ''): ProcessorNotification => {
    const notification: ProcessorNotification = {
      id: `${item.pspReference}:${item.eventCode}:${item.success}${suffix}`, type, subjectId, data: { ...data },
    };
    const occurredAt = item.eventDate ? new Date(item.eventDate) : undefined;
    if (occurredAt && !Number.isNaN(occurredAt.getTime())) notification.occurredAt = occurredAt;
    return notification;
  };

  switch (item.eventCode) {
    case 'AUTHORISATION': {
      if (!success) {
        const decline = declineDetailOf({
          ...(item.reason ? { refusalReason: item.reason } : {}),
          ...(extra.refusalReasonRaw ? { refusalReasonRaw: extra.refusalReasonRaw } : {}),
        });
        data.declineReason = decline.reason;
        data.processorCode = decline.processorCode;
        return [one('payment.declined')];
      }
      const linkId = extra.paymentLinkId;
      if (!linkId) return [one('payment.succeeded')];
      data.paymentLinkId = linkId;
      const completed = one('payment_link.completed', linkId, ':payment_link');
      completed.data.paymentId = item.pspReference;
      return [one('payment.succeeded'), completed];
    }
    case 'REFUND':
      return [one(success ? 'refund.succeeded' : 'refund.failed')];
    case 'REFUND_FAILED':
      return [one('refund.failed')];
    case 'CANCELLATION':
    case 'CANCEL_OR_REFUND': {
      const cancelled = item.eventCode === 'CANCELLATION' || extra['modification.action'] === 'cancel';
      data.method = cancelled ? 'void' : 'refund';
      return [one(success ? 'refund.succeeded' : 'refund.failed')];
    }
    case 'CAPTURE':
      return [one(success ? 'payment.captured' : 'payment.capture_failed')];
    case 'CAPTURE_FAILED':
      return [one('payment.capture_failed')];
    default:
      return [one(`adyen.${item.eventCode.toLowerCase()}`)];
  }
}

/** What the notification changes in this instance's record of its payments. */
export function applyToLedger(ledger: PaymentLedger, item: WireNotificationItem, captureDelayed: boolean): void {
  const success = item.success === 'true';
  const extra = item.additionalData ?? {};
  const original = item.originalReference ?? '';
  switch (item.eventCode) {
    case 'AUTHORISATION': {
      const linkId = extra.paymentLinkId;
      if (success && linkId && !ledger.get(item.pspReference)) {
        ledger.recordPayment({
          id: item.pspReference,
          customerId: extra.shopperReference ?? '',
          paymentMethodId: extra['recurring.recurringDetailReference'] ?? '',
          invoiceId: '',
          amount: { amount: item.amount.value, currency: item.amount.currency },
          status: 'succeeded',
          amountRefunded: { amount: 0, currency: item.amount.currency },
          description: '',
        }, !captureDelayed);
      }
      if (success && linkId) ledger.recordLinkPayment(linkId, item.pspReference);
      ledger.setStatus(item.pspReference, success ? 'succeeded' : 'declined');
      return;
    }
    case 'REFUND':
      ledger.settleRefund(item.pspReference, success);
      return;
    case 'REFUND_FAILED':
      ledger.settleRefund(item.pspReference, false);
      return;
    case 'CANCELLATION':
    case 'CANCEL_OR_REFUND':
      ledger.settleRefund(item.pspReference, success);
      if (success && (item.eventCode === 'CANCELLATION' || extra['modification.action'] === 'cancel')) ledger.setStatus(original, 'canceled');
      return;
    case 'CAPTURE':
      if (success) ledger.markCaptured(original);
      return;
    default:
  }
}
