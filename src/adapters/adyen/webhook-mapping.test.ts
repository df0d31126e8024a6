import { describe, expect, it } from 'vitest';
import { createMemoryLedger } from '../../store/memory/memory-ledger.js';
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
  const account = 'acct-1';

  it('records a paid link as a payment of the shopper, and settles refunds and captures', async () => {
    const ledger = createMemoryLedger();
    const paid = item('AUTHORISATION', true, {
      pspReference: 'PAYPSP0000000001', originalReference: undefined, additionalData: { paymentLinkId: 'PL1', shopperReference: 'shopper_1' },
    });
    await applyToLedger(ledger, account, paid, true);
    expect(await ledger.get(account, 'PAYPSP0000000001')).toMatchObject({
      status: 'succeeded', customerId: 'shopper_1', amount: { amount: 1000, currency: 'USD' }, captured: false,
      createdAt: Date.parse('2026-11-26T09:00:00Z'), merchantReference: 'ref',
    });
    expect(await ledger.paymentOfLink(account, 'PL1')).toBe('PAYPSP0000000001');
    await applyToLedger(ledger, account, item('CAPTURE', true), true);
    expect((await ledger.get(account, 'PAYPSP0000000001'))?.captured).toBe(true);
    await ledger.applyRefund(account, 'PAYPSP0000000001', { id: 'MODPSP0000000001', amount: 400, status: 'pending', reference: 'ref' });
    expect((await ledger.get(account, 'PAYPSP0000000001'))?.amountRefunded).toBe(400);
    await applyToLedger(ledger, account, item('REFUND', false), false);
    expect((await ledger.get(account, 'PAYPSP0000000001'))?.amountRefunded).toBe(0);
    // A redelivered authorisation moves nothing back.
    await applyToLedger(ledger, account, item('CANCELLATION', true, { pspReference: 'MODPSP0000000002' }), false);
    await applyToLedger(ledger, account, paid, false);
    expect((await ledger.get(account, 'PAYPSP0000000001'))?.status).toBe('canceled');
  });

  it('learns a refund from its notification alone, counted once however often it is delivered', async () => {
    const ledger = createMemoryLedger();
    await applyToLedger(ledger, account, item('AUTHORISATION', true, {
      pspReference: 'PAYPSP0000000001', originalReference: undefined, additionalData: { paymentLinkId: 'PL1' },
    }), false);
    for (let delivery = 0; delivery < 3; delivery++) await applyToLedger(ledger, account, item('REFUND', true), false);
    expect(await ledger.get(account, 'PAYPSP0000000001')).toMatchObject({
      amountRefunded: 1000, refunds: [{ id: 'MODPSP0000000001', amount: 1000, status: 'succeeded', reference: 'ref' }],
    });
  });

  it('records a declined authorisation with its decline detail, only for a payment it holds', async () => {
    const ledger = createMemoryLedger();
    await ledger.put(account, {
      id: 'PAYPSP0000000003', amount: { amount: 1000, currency: 'USD' }, customerId: '', paymentMethodId: '', status: 'processing',
      captured: true, createdAt: 0, description: '', merchantReference: '',
    });
    const declined = (psp: string) => item('AUTHORISATION', false, {
      pspReference: psp, originalReference: undefined, reason: 'Not enough balance', additionalData: { refusalReasonRaw: 'NOT_ENOUGH_BALANCE' },
    });
    await applyToLedger(ledger, account, declined('PAYPSP0000000003'), false);
    await applyToLedger(ledger, account, declined('PAYPSP0000000004'), false);
    expect(await ledger.get(account, 'PAYPSP0000000003')).toMatchObject({
      status: 'declined', decline: { reason: 'insufficient_funds', processorCode: 'NOT_ENOUGH_BALANCE' },
    });
    expect(await ledger.get(account, 'PAYPSP0000000004')).toBeUndefined();
  });
});
