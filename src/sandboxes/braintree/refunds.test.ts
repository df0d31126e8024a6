import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codesOf, openTestBed, refundWith, saleWith, type SandboxTestBed } from './testing/test-bed.js';

let bed: SandboxTestBed;
beforeAll(async () => {
  bed = await openTestBed({ settleAfterSeconds: Infinity });
});
afterAll(() => bed.close());

async function sold(amount = '30.00'): Promise<string> {
  const result = await saleWith(bed.gateway, { amount, paymentMethodToken: 'demo_jordan_visa', options: { submitForSettlement: true } });
  return result.transaction.id;
}
const statusOf = async (id: string) => (await bed.gateway.transaction.find(id)).status;

describe('void', () => {
  it('voids a sale submitted for settlement, and refuses a second void (91504)', async () => {
    const id = await sold();
    const voided = await bed.gateway.transaction.void(id);
    expect(voided.transaction.status).toBe('voided');
    expect(codesOf(await bed.gateway.transaction.void(id))).toEqual(['91504']);
  });
});

describe('refund', () => {
  it('refuses an unsettled sale (91506), then refunds part and the rest once settled', async () => {
    const id = await sold();
    expect(codesOf(await bed.gateway.transaction.refund(id, '5.00'))).toEqual(['91506']);
    await bed.gateway.testing.settle(id);
    expect(await statusOf(id)).toBe('settled');

    const part = await refundWith(bed.gateway, id, { amount: '10.00', orderId: 'refund-key-1' });
    expect(part.transaction).toMatchObject({
      type: 'credit', status: 'submitted_for_settlement', amount: '10.00', orderId: 'refund-key-1',
      refundedTransactionId: id, processorResponseCode: '1002', processorResponseText: 'Processed',
    });
    expect(codesOf(await bed.gateway.transaction.refund(id, '25.00'))).toEqual(['91521']);
    const rest = await bed.gateway.transaction.refund(id);
    expect(rest.transaction.amount).toBe('20.00');
    expect((await bed.gateway.transaction.find(id)).refundIds).toEqual([part.transaction.id, rest.transaction.id]);
    expect(codesOf(await bed.gateway.transaction.refund(id))).toEqual(['91512']);
  });

  it('settles with the clock, and with the settle-all helper', async () => {
    const byClock = await sold();
    bed.sandbox.state.settleAfterSeconds = 3_600;
    bed.sandbox.state.clock.advance(3_599);
    expect(await statusOf(byClock)).toBe('submitted_for_settlement');
    bed.sandbox.state.clock.advance(1);
    expect(await statusOf(byClock)).toBe('settled');
    bed.sandbox.state.settleAfterSeconds = Infinity;

    const waiting = await sold();
    expect(bed.sandbox.state.settleAll()).toBeGreaterThanOrEqual(1);
    expect(await statusOf(waiting)).toBe('settled');
    const response = await fetch(`${bed.sandbox.url}/_sandbox/settle/${await sold()}`, { method: 'POST' });
    expect(await response.json()).toMatchObject({ status: 'settled' });
  });

  it('simulates settlement declined with the testing gateway', async () => {
    const id = await sold();
    await bed.gateway.testing.settlementDecline(id);
    expect(await statusOf(id)).toBe('settlement_declined');
  });
});
