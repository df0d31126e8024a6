import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenderError } from '../../core/errors.js';
import type { DeclineReason, PaymentStatus } from '../../core/types.js';
import { ADYEN_DEMO_CARDS, ADYEN_DEMO_SHOPPERS } from '../../sandboxes/adyen/index.js';
import { createMemoryLedger } from '../../store/memory/memory-ledger.js';
import { newContext, startAdyenTestBed, TEST_ACCOUNT_ID, type AdyenTestBed } from './testing/test-bed.js';

/**
 * Adyen-specific behaviour over the real SDK, TLS and the in-process sandbox; what
 * every processor must do is in contract.test.ts.
 */
let bed: AdyenTestBed;
beforeAll(async () => {
  bed = await startAdyenTestBed();
});
afterAll(async () => {
  await bed?.close();
});

const usd = (amount: number) => ({ amount, currency: 'USD' });
const jordan = { customerId: ADYEN_DEMO_SHOPPERS.jordan, paymentMethodId: ADYEN_DEMO_CARDS.jordanVisa };

async function rejection(promise: Promise<unknown>): Promise<TenderError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(TenderError);
  return error as TenderError;
}

function charge(target: { customerId: string; paymentMethodId: string }, amount = 2500, ctx = newContext()) {
  return bed.adapter.charge({ ...target, amount: usd(amount), description: 'Adyen test', metadata: {} }, ctx);
}

describe('declared capabilities', () => {
  it('no invoices, no subscriptions, asynchronous refunds, links up to 70 days', () => {
    expect([...bed.adapter.capabilities].sort()).toEqual([
      'async_refund', 'customer_create', 'customer_search_email', 'customer_search_phone', 'off_session_charge',
      'partial_refund', 'payment_link', 'payment_link_expiry', 'refund', 'saved_payment_methods',
    ]);
    expect(bed.adapter.paymentLinkExpiryBounds).toEqual({ minSeconds: 60, maxSeconds: 70 * 86_400 });
  });

  it.each([
    ['listOpenInvoices', 'invoices', () => bed.adapter.listOpenInvoices(jordan.customerId)],
    ['payInvoice', 'pay_invoice', () => bed.adapter.payInvoice({ invoiceId: 'in_1', paymentMethodId: '' }, newContext())],
    ['listPlans', 'subscriptions', () => bed.adapter.listPlans()],
    ['cancelSubscription', 'subscriptions', () => bed.adapter.cancelSubscription({ subscriptionId: 's', timing: 'immediately' }, newContext())],
  ])('%s is refused as unimplemented, naming %s', async (_method, capability, call) => {
    const error = await rejection(call());
    expect(error.code).toBe('unimplemented');
    expect(error.message).toContain(capability);
  });
});

/** Every documented test result: holder name -> neutral status, reason and raw code kept. */
const OUTCOMES: Array<[holderName: string, status: PaymentStatus, reason?: DeclineReason, processorCode?: string]> = [
  ['APPROVED', 'succeeded'],
  ['DECLINED', 'declined', 'generic', '2:DECLINED'],
  ['REFERRAL', 'declined', 'generic', '3:REFERRAL'],
  ['ERROR', 'declined', 'processing_error', '4:ERROR'],
  ['BLOCK_CARD', 'declined', 'lost_or_stolen', '5:BLOCK_CARD'],
  ['CARD_EXPIRED', 'declined', 'expired_card', '6:CARD_EXPIRED'],
  ['INVALID_AMOUNT', 'declined', 'invalid_amount', '7:INVALID_AMOUNT'],
  ['INVALID_CARD_NUMBER', 'declined', 'invalid_account', '8:INVALID_CARD_NUMBER'],
  ['ISSUER_UNAVAILABLE', 'declined', 'try_again_later', '9:ISSUER_UNAVAILABLE'],
  ['NOT_SUPPORTED', 'declined', 'card_not_supported', '10:NOT_SUPPORTED'],
  ['NOT_3D_AUTHENTICATED', 'requires_action', 'authentication_required', '11:NOT_3D_AUTHENTICATED'],
  ['NOT_ENOUGH_BALANCE', 'declined', 'insufficient_funds', '12:NOT_ENOUGH_BALANCE'],
  ['PENDING', 'processing'],
  ['ACQUIRER_FRAUD', 'declined', 'suspected_fraud', '14:ACQUIRER_FRAUD'],
  ['CANCELLED', 'canceled'],
  ['FRAUD', 'declined', 'suspected_fraud', '20:FRAUD'],
  ['CVC_DECLINED', 'declined', 'incorrect_cvc', '24:CVC_DECLINED'],
];

describe('charge', () => {
  it.each(OUTCOMES)('a card with holder name %s is %s', async (holderName, status, reason, processorCode) => {
    const card = bed.sandbox.addStoredPaymentMethod({ shopperReference: 'outcomes', holderName });
    const payment = await charge({ customerId: 'outcomes', paymentMethodId: card.id });
    expect(payment.status).toBe(status);
    expect(payment.id).toMatch(/^[A-Z0-9]{16}$/);
    expect(payment.decline?.reason).toBe(reason);
    expect(payment.decline?.processorCode).toBe(processorCode);
    expect(await bed.adapter.getPayment(payment.id)).toMatchObject({ id: payment.id, status });
  });

  it('a card needing 3-D Secure (RedirectShopper) requires action; Sam is declined for insufficient funds', async () => {
    const casey = await charge({ customerId: ADYEN_DEMO_SHOPPERS.casey, paymentMethodId: '' });
    expect(casey).toMatchObject({ status: 'requires_action', decline: { reason: 'authentication_required', processorCode: 'RedirectShopper' } });
    const sam = await charge({ customerId: ADYEN_DEMO_SHOPPERS.sam, paymentMethodId: '' }, 8900);
    expect(sam).toMatchObject({
      status: 'declined', paymentMethodId: ADYEN_DEMO_CARDS.samDeclines,
      decline: { reason: 'insufficient_funds', processorCode: '12:NOT_ENOUGH_BALANCE', processorMessage: 'Not enough balance' },
    });
  });

  it('forwards the processor key as Idempotency-Key and reference; the same key with other parameters is refused', async () => {
    const ctx = newContext();
    const before = bed.sandbox.state.payments.size;
    const first = await charge(jordan, 1999, ctx);
    expect((await charge(jordan, 1999, ctx)).id).toBe(first.id);
    expect(bed.sandbox.state.payments.size).toBe(before + 1);
    expect(bed.sandbox.state.payments.get(first.id)?.merchantReference).toBe(ctx.processorIdempotencyKey);
    expect((await rejection(charge(jordan, 2999, ctx))).code).toBe('failed_precondition');
  });

  it('a processor key longer than 64 characters is hashed to a stable 64-character key', async () => {
    const ctx = { processorIdempotencyKey: `long-${'x'.repeat(80)}` };
    const first = await charge(jordan, 1234, ctx);
    const again = await charge(jordan, 1234, { ...ctx });
    expect(again.id).toBe(first.id);
    expect(bed.sandbox.state.payments.get(first.id)?.merchantReference).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a 5xx or a dropped connection is outcome_unknown, never declined', async () => {
    bed.sandbox.faults.add({ path: '/v72/payments', mode: 'error500' });
    expect(await charge(jordan)).toMatchObject({ status: 'outcome_unknown', id: '', amount: usd(2500), customerId: jordan.customerId });
    bed.sandbox.faults.add({ path: '/v72/payments', mode: 'drop_after_commit' });
    const lost = await charge(jordan);
    expect(lost.status).toBe('outcome_unknown');
    expect(lost.decline).toBeUndefined();
  });

  it('an unknown stored card is not_found on payment_method_id; a shopper without cards has no default', async () => {
    const missing = await rejection(charge({ customerId: jordan.customerId, paymentMethodId: 'no_such_card' }));
    expect(missing).toMatchObject({ code: 'not_found', field: 'payment_method_id' });
    const none = await rejection(charge({ customerId: ADYEN_DEMO_SHOPPERS.alexHome, paymentMethodId: '' }));
    expect(none).toMatchObject({ code: 'failed_precondition', field: 'payment_method_id' });
  });

  it('a call whose caller already gave up is not sent', async () => {
    const controller = new AbortController();
    controller.abort();
    const before = bed.sandbox.state.payments.size;
    const error = await rejection(bed.adapter.charge({ ...jordan, amount: usd(100), description: '', metadata: {} }, { ...newContext(), signal: controller.signal }));
    expect(error.code).toBe('deadline_exceeded');
    expect(bed.sandbox.state.payments.size).toBe(before);
  });

  it('refused credentials are unavailable, with the key never in the message', async () => {
    const wrongKey = bed.adapterWith({ apiKey: 'AQE_wrong_key_for_test_0001' });
    const error = await rejection(wrongKey.listPaymentMethods(jordan.customerId));
    expect(error.code).toBe('unavailable');
    expect(error.message).not.toContain('AQE_wrong');
  });
});

describe('getPayment', () => {
  it('is undefined for an id that cannot be a pspReference, and refused plainly for one the ledger does not hold', async () => {
    expect(await bed.adapter.getPayment('not-a-psp')).toBeUndefined();
    const payment = await charge(jordan);
    const withoutRecord = bed.adapterWith({ ledger: createMemoryLedger() });
    const error = await rejection(withoutRecord.getPayment(payment.id));
    expect(error).toMatchObject({ code: 'failed_precondition', field: 'payment_id' });
    expect(error.message).toContain('no payment lookup');
  });

  it('learns the final result of a pending payment from its notification', async () => {
    const card = bed.sandbox.addStoredPaymentMethod({ shopperReference: 'pending-shopper', holderName: 'PENDING' });
    const payment = await charge({ customerId: 'pending-shopper', paymentMethodId: card.id });
    expect(payment.status).toBe('processing');
    bed.sandbox.notifications.collect();
    bed.sandbox.notifications.emit({
      eventCode: 'AUTHORISATION', success: true, pspReference: payment.id, merchantReference: 'pending', amount: { currency: 'USD', value: 2500 },
    });
    await bed.deliverNotifications();
    expect((await bed.adapter.getPayment(payment.id))?.status).toBe('succeeded');
  });
});

describe('customers and saved cards', () => {
  it("creates a customer in Tender's directory, found by phone and email, once per key", async () => {
    const ctx = newContext();
    const input = { name: 'Robin Adyen', email: 'Robin.Adyen@example.com', phone: '+14155550199', metadata: { source: 'test' } };
    const created = await bed.adapter.createCustomer(input, ctx);
    expect(created.id).toMatch(/^shopper_[0-9a-f]{32}$/);
    expect((await bed.adapter.createCustomer(input, ctx)).id).toBe(created.id);
    expect(await bed.directory.get(TEST_ACCOUNT_ID, created.id)).toMatchObject({ name: 'Robin Adyen', phone: '+14155550199' });
    expect((await bed.adapter.findCustomers({ phone: '+14155550199' })).map((c) => c.id)).toEqual([created.id]);
    expect((await bed.adapter.findCustomers({ email: 'robin.adyen@example.com' })).map((c) => c.id)).toEqual([created.id]);
    expect(await bed.adapter.listPaymentMethods(created.id)).toEqual([]);
  });

  it('the most recently stored card is the default', async () => {
    const created = await bed.adapter.createCustomer({ name: 'Two Cards', email: '', phone: '', metadata: {} }, newContext());
    const now = Math.floor(Date.now() / 1000);
    const newer = bed.sandbox.addStoredPaymentMethod({ shopperReference: created.id, brand: 'mc', lastFour: '4444', createdAt: now - 10 });
    bed.sandbox.addStoredPaymentMethod({ shopperReference: created.id, brand: 'amex', lastFour: '8431', createdAt: now - 1000 });
    const methods = await bed.adapter.listPaymentMethods(created.id);
    expect(methods.map((m) => [m.brand, m.last4, m.isDefault])).toEqual([['mastercard', '4444', true], ['amex', '8431', false]]);
    expect((await charge({ customerId: created.id, paymentMethodId: '' })).paymentMethodId).toBe(newer.id);
  });

  it('a customer missing from the directory is not_found', async () => {
    expect(await rejection(bed.adapter.listPaymentMethods('shopper_nobody'))).toMatchObject({ code: 'not_found', field: 'customer_id' });
  });
});
