import { describe, expect, it } from 'vitest';
import { PaymentLedger } from './ledger.js';
import { applyToLedger, notificationsOf } from './webhook-mapping.js';
import type { WireNotificationItem } from './wire.js';

function item(eventCode: string, success: boolean, extra: Partial<WireNotificationItem> = {}): WireNotificationItem {
  return {
    pspReference: 'MODPSP0000000001', merchantAccountCode: 'M', merchantReference: 'ref', amount: { currency: 'USD', value: 1000 },
    eventCode, success: String(success), eventDate: '2026-11-26T10:00:00+01:00', originalReference: 'PAYPSP0000000001', ...extra,
  };
}

describe('notificationsOf', () => {
  it.each([
    ['REFUND', true, 'refund.succeeded'], ['REFUND', false, 'refund.failed'], ['REFUND_FAILED', true, 'refund.failed'],
    ['CANCELLATION', true, 'refund.succeeded'], ['CANCELLATION', false, 'refund.failed'], ['CAPTURE', true, 'payment.captured'],
    ['CAPTURE', false, 'payment.capture_failed'], ['CAPTURE_FAILED', true, 'payment.capture_failed'], ['CHARGEBACK', true, 'adyen.chargeback'],
  ])('%s success=%s is %s, about the modification, naming the payment', (eventCode, success, type) => {
    const [notification] = notificationsOf(item(eventCode, success));
    expect(notification).toMatchObject({
      id: `MODPSP0000000001:${eventCode}:${success}`, type, subjectId: 'MODPSP0000000001',
      occurredAt: new Date('2026-11-26T09:00:00Z'), data: { paymentId: 'PAYPSP0000000001', amount: 1000, currency: 'USD', success },
    });
  });

  it('tells a cancellation (void) from a refund in CANCEL_OR_REFUND', () => {
    const cancelled = notificationsOf(item('CANCEL_OR_REFUND', true, { additionalData: { 'modification.action': 'cancel' } }));
    const refunded = notificationsOf(item('CANCEL_OR_REFUND', true, { additionalData: { 'modification.action': 'refund' } }));
    expect([cancelled[0]?.data.method, refunded[0]?.data.method]).toEqual(['void', 'refund']);
  });

  it('carries no card data into the neutral notification', () => {
    const [notification] = notificationsOf(item('AUTHORISATION', true, {
      originalReference: undefined, additionalData: { cardSummary: '4242', expiryDate: '3/2030', hmacSignature: 'x' },
    }));
    expect(JSON.stringify(notification)).not.toMatch(/4242|2030|hmac/);
  });
});

describe('applyToLedger', () => {
  it('records a paid link as a payment of the shopper, and settles refunds and captures', () => {
    const ledger = new PaymentLedger();
    applyToLedger(ledger, item('AUTHORISATION', true, {
      pspReference: 'PAYPSP0000000001', originalReference: undefined, additionalData: { paymentLinkId: 'PL1', shopperReference: 'shopper_1' },
    }), true);
    expect(ledger.get('PAYPSP0000000001')).toMatchObject({ status: 'succeeded', customerId: 'shopper_1', amount: { amount: 1000, currency: 'USD' } });
    expect(ledger.paymentOfLink('PL1')).toBe('PAYPSP0000000001');
    expect(ledger.isCaptured('PAYPSP0000000001')).toBe(false);
    applyToLedger(ledger, item('CAPTURE', true), true);
    expect(ledger.isCaptured('PAYPSP0000000001')).toBe(true);
    ledger.recordRefund('MODPSP0000000001', 'PAYPSP0000000001', 400, 'key-1');
    expect(ledger.get('PAYPSP0000000001')?.amountRefunded.amount).toBe(400);
    applyToLedger(ledger, item('REFUND', false), false);
    expect(ledger.get('PAYPSP0000000001')?.amountRefunded.amount).toBe(0);
  });

  it('keeps only the most recent payments up to its capacity', () => {
    const ledger = new PaymentLedger(2);
    for (const id of ['A', 'B', 'C']) {
      ledger.recordPayment({
        id, customerId: '', paymentMethodId: '', invoiceId: '', amount: { amount: 1, currency: 'USD' }, status: 'succeeded',
        amountRefunded: { amount: 0, currency: 'USD' }, description: '',
      }, true);
    }
    expect([ledger.get('A'), ledger.get('B')?.id, ledger.get('C')?.id]).toEqual([undefined, 'B', 'C']);
  });
});
