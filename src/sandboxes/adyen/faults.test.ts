import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADYEN_DEMO_CARDS, ADYEN_DEMO_SHOPPERS } from './seed.js';
import { failureOf, openTestBed, storedCardPayment, type SandboxTestBed } from './testing/test-bed.js';

let bed: SandboxTestBed;
beforeAll(async () => {
  bed = await openTestBed();
});
afterAll(async () => {
  await bed?.close();
});

const payment = () => storedCardPayment(bed.sandbox, ADYEN_DEMO_SHOPPERS.jordan, ADYEN_DEMO_CARDS.jordanVisa);

describe('fault injection', () => {
  it('error500 answers a ServiceError 500 without processing', async () => {
    const before = bed.sandbox.state.payments.size;
    bed.sandbox.faults.add({ path: '/v72/payments', mode: 'error500' });
    const failure = await failureOf(bed.checkout.payments.payments(payment()));
    expect(failure).toMatchObject({ name: 'HttpClientException', statusCode: 500 });
    expect(bed.sandbox.state.payments.size).toBe(before);
  });

  it('drop_after_commit processes and saves, then hangs up: the same key replays the payment', async () => {
    const before = bed.sandbox.state.payments.size;
    bed.sandbox.faults.add({ path: '/v72/payments', mode: 'drop_after_commit' });
    const request = payment();
    const lost = await failureOf(bed.checkout.payments.payments(request, { idempotencyKey: 'dropped-1' }));
    expect(lost.name).toBe('ApiException');
    expect(bed.sandbox.state.payments.size).toBe(before + 1);
    const replayed = await bed.checkout.payments.payments(request, { idempotencyKey: 'dropped-1' });
    expect(bed.sandbox.state.payments.has(replayed.pspReference ?? '')).toBe(true);
    expect(bed.sandbox.state.payments.size).toBe(before + 1);
  });

  it('delay outlasts a client timeout; the request still completes at the sandbox', async () => {
    const before = bed.sandbox.state.payments.size;
    bed.sandbox.faults.add({ path: '/v72/payments', mode: 'delay', ms: 600 });
    const impatient = bed.client({ timeoutMs: 200 });
    const timedOut = await failureOf(impatient.payments.payments(payment(), { idempotencyKey: 'slow-1' }));
    expect(timedOut).toMatchObject({ name: 'ApiException', message: 'socket hang up' });
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(bed.sandbox.state.payments.size).toBe(before + 1);
  });

  it('the HTTP twin at /_sandbox/faults adds, lists and clears faults', async () => {
    const added = await bed.raw('POST', '/_sandbox/faults', JSON.stringify({ path: '/v72/paymentLinks', mode: 'error500', times: 2 }));
    expect(JSON.parse(added.body)).toEqual({ faults: [{ path: '/v72/paymentLinks', mode: 'error500', times: 2 }] });
    await bed.raw('DELETE', '/_sandbox/faults');
    expect(bed.sandbox.faults.list()).toEqual([]);
  });
});
