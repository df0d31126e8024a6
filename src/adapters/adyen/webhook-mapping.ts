import type { ProcessorNotification } from '../../core/processor-port.js';
import type { DeclineDetail } from '../../core/types.js';
import type { LedgerRefundStatus, PaymentLedger } from '../../store/payment-ledger.js';
import { declineDetailOf } from './declines.js';
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
        const decline = declineOf(item);
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

/**
 * What the notification changes in Tender's payment ledger. Every change only moves a
 * payment forward and counts a refund once (payment-ledger.ts), so a redelivered or
 * out-of-order notification changes nothing it should not. A paid link's payment is
 * recorded from its AUTHORISATION, the only place Adyen names it; a refund is known
 * by its own pspReference and the payment's (`originalReference`), with the
 * notification's merchant reference: for a refund Tender requested, the one it sent.
 */
export async function applyToLedger(
  ledger: PaymentLedger,
  accountId: string,
  item: WireNotificationItem,
  captureDelayed: boolean,
): Promise<void> {
  const success = item.success === 'true';
  const extra = item.additionalData ?? {};
  const original = item.originalReference ?? '';
  const refund = (status: LedgerRefundStatus) =>
    original === ''
      ? Promise.resolve(false)
      : ledger.applyRefund(accountId, original, {
        id: item.pspReference, amount: item.amount.value, status, reference: item.merchantReference ?? '',
      });
  switch (item.eventCode) {
    case 'AUTHORISATION': {
      const linkId = extra.paymentLinkId;
      if (success && linkId) {
        await ledger.put(accountId, {
          id: item.pspReference,
          amount: { amount: item.amount.value, currency: item.amount.currency },
          customerId: extra.shopperReference ?? '',
          paymentMethodId: extra['recurring.recurringDetailReference'] ?? '',
          status: 'succeeded',
          captured: !captureDelayed,
          createdAt: timeOf(item.eventDate),
          description: '',
          merchantReference: item.merchantReference ?? '',
        });
        await ledger.recordLinkPayment(accountId, linkId, item.pspReference);
        return;
      }
      await ledger.advance(accountId, item.pspReference, success ? { status: 'succeeded' } : { status: 'declined', decline: declineOf(item) });
      return;
    }
    case 'REFUND':
      await refund(success ? 'succeeded' : 'failed');
      return;
    case 'REFUND_FAILED':
      await refund('failed');
      return;
    case 'CANCELLATION':
    case 'CANCEL_OR_REFUND':
      await refund(success ? 'succeeded' : 'failed');
      if (success && original !== '' && (item.eventCode === 'CANCELLATION' || extra['modification.action'] === 'cancel')) {
        await ledger.advance(accountId, original, { status: 'canceled' });
      }
      return;
    case 'CAPTURE':
      if (success && original !== '') await ledger.advance(accountId, original, { captured: true });
      return;
    default:
  }
}

function declineOf(item: WireNotificationItem): DeclineDetail {
  const extra = item.additionalData ?? {};
  return declineDetailOf({
    ...(item.reason ? { refusalReason: item.reason } : {}),
    ...(extra.refusalReasonRaw ? { refusalReasonRaw: extra.refusalReasonRaw } : {}),
  });
}

/** Adyen's eventDate, or now when it is missing or unreadable. */
function timeOf(eventDate: string | undefined): number {
  const time = eventDate ? new Date(eventDate).getTime() : Number.NaN;
  return Number.isNaN(time) ? Date.now() : time;
}
