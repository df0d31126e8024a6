import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MutationContext } from '../../core/processor-port.js';
import type { Money } from '../../core/types.js';
import { startBraintreeTestBed, type BraintreeTestBed } from './testing/test-bed.js';

let bed: BraintreeTestBed;
beforeAll(async () => {
  // Nothing settles by itself: each test decides whether the sale has settled.
  bed = await startBraintreeTestBed({}, { settleAfterSeconds: Infinity });
});
afterEach(() => bed.sandbox.faults.clear());
afterAll(() => bed.close());

const ctx = (): MutationContext => ({ processorIdempotencyKey: `test-${randomUUID()}` });
const usd = (amount: number): Money => ({ amount, currency: 'USD' });
async function paid(amount = 5_000): Promise<string> {
  const payment = await bed.adapter.charge({ customerId: 'demo_jordan', paymentMethodId: '', amount: usd(amount), description: '', metadata: {} }, ctx());
  expect(payment.status).toBe('succeeded');
  return payment.id;
}

describe('money back before settlement', () => {
  it('voids the whole payment: method void, payment canceled with everything given back', async () => {
    const paymentId = await paid();
    const context = ctx();
    const refund = await bed.adapter.refund({ paymentId, reason: 'requested_by_customer', note: '' }, context);
    expect(refund).toEqual({ id: paymentId, paymentId, amount: usd(5_000), status: 'succeeded', reason: 'requested_by_customer', method: 'void' });
    expect(await bed.adapter.getPayment(paymentId)).toMatchObject({ status: 'canceled', amountRefunded: usd(5_000) });
    expect(await bed.adapter.refund({ paymentId, reason: 'requested_by_customer', note: '' }, context)).toEqual(refund);
    await expect(bed.adapter.refund({ paymentId, amount: usd(100), reason: 'other', note: '' }, ctx())).rejects.toMatchObject({ code: 'failed_precondition' });
  });

  it('refuses part of an unsettled payment with a clear FAILED_PRECONDITION', async () => {
    const paymentId = await paid();
    const partial = bed.adapter.refund({ paymentId, amount: usd(1_000), reason: 'other', note: '' }, ctx());
    await expect(partial).rejects.toMatchObject({ code: 'failed_precondition', field: 'amount.amount', message: expect.stringContaining('only after it settles') });
    expect(bed.sandbox.state.transactions.get(paymentId)?.status).toBe('submitted_for_settlement');
  });

  it('refunds instead when the payment settles while it is being voided', async () => {
    const paymentId = await paid(3_000);
    bed.sandbox.faults.add({ path: `/merchants/${bed.sandbox.merchantId}/transactions/${paymentId}/void`, mode: 'delay', ms: 150 });
    setTimeout(() => bed.sandbox.state.settle(paymentId), 50);
    const refund = await bed.adapter.refund({ paymentId, reason: 'other', note: '' }, ctx());
    expect(refund).toMatchObject({ method: 'refund', amount: usd(3_000), status: 'succeeded' });
    expect(refund.id).not.toBe(paymentId);
  });
});

describe('refunds after settlement', () => {
  it('refunds part, once per key, then the rest; the payment adds them up', async () => {
    const paymentId = await paid();
    bed.sandbox.state.settle(paymentId);
    const context = ctx();
    const part = await bed.adapter.refund({ paymentId, amount: usd(1_500), reason: 'service_not_provided', note: '' }, context);
    expect(part).toMatchObject({ paymentId, amount: usd(1_500), status: 'succeeded', method: 'refund', reason: 'service_not_provided' });
    expect(bed.sandbox.state.transactions.get(part.id)?.orderId).toBe(context.processorIdempotencyKey);
    expect((await bed.adapter.refund({ paymentId, amount: usd(1_500), reason: 'service_not_provided', note: '' }, context)).id).toBe(part.id);
    const rest = await bed.adapter.refund({ paymentId, reason: 'other', note: '' }, ctx());
    expect(rest.amount).toEqual(usd(3_500));
    expect(await bed.adapter.getPayment(paymentId)).toMatchObject({ status: 'succeeded', amountRefunded: usd(5_000) });
    await expect(bed.adapter.refund({ paymentId, amount: usd(1), reason: 'other', note: '' }, ctx())).rejects.toMatchObject({ code: 'failed_precondition' });
  });

  it('reads a lost refund answer as outcome_unknown, and the same key then finds the refund', async () => {
    const paymentId = await paid(2_000);
    bed.sandbox.state.settle(paymentId);
    const context = ctx();
    bed.sandbox.faults.add({ path: `/merchants/${bed.sandbox.merchantId}/transactions/${paymentId}/refund`, mode: 'drop_after_commit' });
    const lost = await bed.adapter.refund({ paymentId, reason: 'other', note: '' }, context);
    expect(lost).toMatchObject({ status: 'outcome_unknown', amount: usd(2_000), id: '' });
    const found = await bed.adapter.refund({ paymentId, reason: 'other', note: '' }, context);
    expect(found).toMatchObject({ status: 'succeeded', amount: usd(2_000) });
    expect(bed.sandbox.state.transactions.get(paymentId)?.refundIds).toEqual([found.id]);
  });

  it('refuses a declined payment, another currency, and an unknown payment', async () => {
    const declined = await bed.adapter.charge({ customerId: 'demo_sam', paymentMethodId: '', amount: usd(100), description: '', metadata: {} }, ctx());
    await expect(bed.adapter.refund({ paymentId: declined.id, reason: 'other', note: '' }, ctx())).rejects.toMatchObject({ code: 'failed_precondition' });
    const paymentId = await paid();
    await expect(bed.adapter.refund({ paymentId, amount: { amount: 100, currency: 'EUR' }, reason: 'other', note: '' }, ctx())).rejects.toMatchObject({ code: 'invalid_argument', field: 'amount.currency' });
    await expect(bed.adapter.refund({ paymentId: 'nosuchtx', reason: 'other', note: '' }, ctx())).rejects.toMatchObject({ code: 'not_found', field: 'payment_id' });
  });
});
