import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenderError } from '../../core/errors.js';
import type { Payment } from '../../core/types.js';
import { ADYEN_DEMO_CARDS, ADYEN_DEMO_SHOPPERS } from '../../sandboxes/adyen/index.js';
import { createMemoryLedger } from '../../store/memory/memory-ledger.js';
import { newContext, startAdyenTestBed, type AdyenTestBed } from './testing/test-bed.js';

let bed: AdyenTestBed;
let delayed: AdyenTestBed;
beforeAll(async () => {
  [bed, delayed] = await Promise.all([startAdyenTestBed(), startAdyenTestBed({}, { captureDelayed: true })]);
});
afterAll(async () => {
  await Promise.all([bed?.close(), delayed?.close()]);
});

const usd = (amount: number) => ({ amount, currency: 'USD' });

async function paid(on: AdyenTestBed, amount: number): Promise<Payment> {
  const payment = await on.adapter.charge(
    { customerId: ADYEN_DEMO_SHOPPERS.jordan, paymentMethodId: ADYEN_DEMO_CARDS.jordanVisa, amount: usd(amount), description: '', metadata: {} },
    newContext(),
  );
  expect(payment.status).toBe('succeeded');
  on.sandbox.notifications.collect();
  return payment;
}

async function rejection(promise: Promise<unknown>): Promise<TenderError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(TenderError);
  return error as TenderError;
}

describe('refunds (asynchronous at Adyen)', () => {
  it('are pending until the REFUND notification says succeeded', async () => {
    const payment = await paid(bed, 3000);
    const refund = await bed.adapter.refund({ paymentId: payment.id, amount: usd(1000), reason: 'requested_by_customer', note: '' }, newContext());
    expect(refund).toMatchObject({ paymentId: payment.id, amount: usd(1000), status: 'pending', method: 'refund', reason: 'requested_by_customer' });
    const modification = bed.sandbox.state.modifications.get(refund.id);
    expect(modification).toMatchObject({ kind: 'refund', amount: { currency: 'USD', value: 1000 } });
    const notifications = await bed.deliverNotifications();
    expect(notifications).toEqual([
      expect.objectContaining({ type: 'refund.succeeded', subjectId: refund.id, id: `${refund.id}:REFUND:true`, data: expect.objectContaining({ paymentId: payment.id }) }),
    ]);
    expect((await bed.adapter.getPayment(payment.id))?.amountRefunded).toEqual(usd(1000));
  });

  it('a refund the scheme rejects later gives the amount back to refund', async () => {
    const payment = await paid(bed, 2000);
    const refund = await bed.adapter.refund({ paymentId: payment.id, reason: 'duplicate', note: '' }, newContext());
    expect(refund.amount).toEqual(usd(2000));
    bed.sandbox.failRefund(refund.id);
    const types = (await bed.deliverNotifications()).map((n) => n.type);
    expect(types).toEqual(['refund.succeeded', 'refund.failed']);
    expect((await bed.adapter.getPayment(payment.id))?.amountRefunded).toEqual(usd(0));
  });

  it('refuses more than is left, another currency, and a declined payment, before calling Adyen', async () => {
    const payment = await paid(bed, 1500);
    await bed.adapter.refund({ paymentId: payment.id, amount: usd(1000), reason: 'other', note: '' }, newContext());
    const modifications = bed.sandbox.state.modifications.size;
    expect(await rejection(bed.adapter.refund({ paymentId: payment.id, amount: usd(501), reason: 'other', note: '' }, newContext())))
      .toMatchObject({ code: 'invalid_argument', field: 'amount.amount' });
    expect(await rejection(bed.adapter.refund({ paymentId: payment.id, amount: { amount: 1, currency: 'EUR' }, reason: 'other', note: '' }, newContext())))
      .toMatchObject({ code: 'invalid_argument', field: 'amount.currency' });
    const declined = await bed.adapter.charge(
      { customerId: ADYEN_DEMO_SHOPPERS.sam, paymentMethodId: '', amount: usd(100), description: '', metadata: {} }, newContext(),
    );
    expect(await rejection(bed.adapter.refund({ paymentId: declined.id, reason: 'other', note: '' }, newContext())))
      .toMatchObject({ code: 'failed_precondition' });
    expect(bed.sandbox.state.modifications.size).toBe(modifications);
  });

  it('a dropped answer is outcome_unknown; the retry with the same key is one refund', async () => {
    const payment = await paid(bed, 1200);
    const ctx = newContext();
    bed.sandbox.faults.add({ path: `/v72/payments/${payment.id}/refunds`, mode: 'drop_after_commit' });
    const lost = await bed.adapter.refund({ paymentId: payment.id, amount: usd(1200), reason: 'other', note: '' }, ctx);
    expect(lost).toMatchObject({ status: 'outcome_unknown', id: '' });
    const settled = await bed.adapter.refund({ paymentId: payment.id, amount: usd(1200), reason: 'other', note: '' }, ctx);
    expect(settled.status).toBe('pending');
    expect(bed.sandbox.state.payments.get(payment.id)?.refundedValue).toBe(1200);
  });

  it('without a record of the payment, an explicit amount still refunds; Adyen is the bound', async () => {
    const payment = await paid(bed, 900);
    const other = bed.adapterWith({ ledger: createMemoryLedger() });
    expect(await rejection(other.refund({ paymentId: payment.id, reason: 'other', note: '' }, newContext()))).toMatchObject({ code: 'failed_precondition' });
    expect((await other.refund({ paymentId: payment.id, amount: usd(900), reason: 'other', note: '' }, newContext())).status).toBe('pending');
  });
});

describe('with delayed capture', () => {
  it('a full refund before the capture is a cancellation (void); a partial one waits for the capture', async () => {
    const payment = await paid(delayed, 5000);
    expect(await rejection(delayed.adapter.refund({ paymentId: payment.id, amount: usd(100), reason: 'other', note: '' }, newContext())))
      .toMatchObject({ code: 'failed_precondition' });
    const voided = await delayed.adapter.refund({ paymentId: payment.id, reason: 'requested_by_customer', note: '' }, newContext());
    expect(voided).toMatchObject({ method: 'void', status: 'pending', amount: usd(5000) });
    expect(delayed.sandbox.state.modifications.get(voided.id)?.kind).toBe('cancel');
    const notifications = await delayed.deliverNotifications();
    expect(notifications[0]).toMatchObject({ type: 'refund.succeeded', data: expect.objectContaining({ method: 'void' }) });
    expect((await delayed.adapter.getPayment(payment.id))?.status).toBe('canceled');
  });

  it('once the CAPTURE notification arrives, refunds go to /refunds', async () => {
    const payment = await paid(delayed, 4000);
    delayed.sandbox.capturePayment(payment.id);
    expect((await delayed.deliverNotifications()).map((n) => n.type)).toEqual(['payment.captured']);
    const refund = await delayed.adapter.refund({ paymentId: payment.id, amount: usd(1000), reason: 'other', note: '' }, newContext());
    expect(refund.method).toBe('refund');
    expect(delayed.sandbox.state.modifications.get(refund.id)?.kind).toBe('refund');
  });
});
