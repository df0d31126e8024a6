import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { failureOf, openTestBed, saleWith, type SandboxTestBed } from './testing/test-bed.js';

let bed: SandboxTestBed;
beforeAll(async () => {
  bed = await openTestBed();
});
afterEach(() => bed.sandbox.faults.clear());
afterAll(() => bed.close());

const path = () => `/merchants/${bed.sandbox.merchantId}/transactions`;
const sales = () => [...bed.sandbox.state.transactions.values()].filter((tx) => tx.type === 'sale').length;
const sale = (gateway = bed.gateway, apiRequestKey?: string) =>
  saleWith(gateway, { amount: '33.00', paymentMethodToken: 'demo_jordan_visa', ...(apiRequestKey ? { apiRequestKey } : {}) });

async function eventually(check: () => boolean, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('fault injection', () => {
  it('delay: the SDK times out, the sale still happens, and the same key then answers it', async () => {
    bed.sandbox.faults.add({ path: path(), mode: 'delay', ms: 400 });
    const before = sales();
    const failure = await failureOf(sale(bed.client({ timeoutMs: 100 }), 'delayed-key'));
    expect(failure).toMatchObject({ type: 'unexpectedError', message: 'Request timed out' });
    expect(sales()).toBe(before);
    await eventually(() => sales() === before + 1, 2_000);
    const replay = await sale(bed.gateway, 'delayed-key');
    expect(replay.success).toBe(true);
    expect(sales()).toBe(before + 1);
  });

  it.each([
    ['error500', 'serverError'],
    ['error503', 'serviceUnavailableError'],
    ['error504', 'gatewayTimeoutError'],
  ] as const)('%s: answers that status without processing (SDK %s)', async (mode, type) => {
    bed.sandbox.faults.add({ path: path(), mode });
    const before = sales();
    expect((await failureOf(sale())).type).toBe(type);
    expect(sales()).toBe(before);
    expect(bed.sandbox.faults.list()).toEqual([]);
  });

  it('drop_after_commit: the sale happens, the socket dies, the same key answers the sale', async () => {
    bed.sandbox.faults.add({ path: path(), mode: 'drop_after_commit' });
    const before = sales();
    const failure = await failureOf(sale(bed.gateway, 'dropped-key'));
    expect(failure.type).toBe('unexpectedError');
    expect(sales()).toBe(before + 1);
    const replay = await sale(bed.gateway, 'dropped-key');
    expect(replay.success).toBe(true);
    expect(sales()).toBe(before + 1);
  });

  it('is controlled over HTTP too: add, list, clear', async () => {
    const url = `${bed.sandbox.url}/_sandbox/faults`;
    const added = await fetch(url, { method: 'POST', body: JSON.stringify({ path: path(), mode: 'error500', times: 2 }) });
    expect(await added.json()).toEqual({ faults: [{ path: path(), mode: 'error500', times: 2 }] });
    const refused = await fetch(url, { method: 'POST', body: JSON.stringify({ path: path(), mode: 'explode' }) });
    expect(refused.status).toBe(400);
    await fetch(url, { method: 'DELETE' });
    expect(bed.sandbox.faults.list()).toEqual([]);
  });
});
