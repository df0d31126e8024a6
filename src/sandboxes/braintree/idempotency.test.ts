import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { codesOf, openTestBed, saleWith, type SandboxTestBed } from './testing/test-bed.js';

let bed: SandboxTestBed;
beforeAll(async () => {
  bed = await openTestBed();
});
afterEach(() => bed.sandbox.faults.clear());
afterAll(() => bed.close());

const sales = () => [...bed.sandbox.state.transactions.values()].filter((tx) => tx.type === 'sale').length;
const sale = (apiRequestKey: string, amount = '25.00') =>
  saleWith(bed.gateway, { amount, paymentMethodToken: 'demo_jordan_visa', apiRequestKey, options: { submitForSettlement: true } });

describe('api_request_key', () => {
  it('answers the same request again with the first transaction', async () => {
    const before = sales();
    const first = await sale('key-same');
    const again = await sale('key-same');
    expect(again.transaction.id).toBe(first.transaction.id);
    expect(sales()).toBe(before + 1);
  });

  it('replays a decline as the same declined transaction', async () => {
    const first = await sale('key-decline', '2001.00');
    const again = await sale('key-decline', '2001.00');
    expect(first.success).toBe(false);
    expect(again.transaction.id).toBe(first.transaction.id);
  });

  it('refuses the key with another request (915232) and while the first is in flight (915233)', async () => {
    await sale('key-mismatch');
    expect(codesOf(await sale('key-mismatch', '26.00'))).toEqual(['915232']);

    bed.sandbox.faults.add({ path: `/merchants/${bed.sandbox.merchantId}/transactions`, method: 'POST', mode: 'delay', ms: 300 });
    const slow = sale('key-in-flight');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(codesOf(await sale('key-in-flight'))).toEqual(['915233']);
    expect((await slow).success).toBe(true);
  });

  it('keeps nothing for a request refused by validation: the key stays usable', async () => {
    const refused = await sale('key-after-validation', 'ten dollars');
    expect(codesOf(refused)).toEqual(['81503']);
    expect((await sale('key-after-validation')).success).toBe(true);
  });
});
