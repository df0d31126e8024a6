import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { failureOf, openTestBed, type SandboxTestBed } from './testing/test-bed.js';

let bed: SandboxTestBed;
beforeAll(async () => {
  bed = await openTestBed();
});
afterEach(() => bed.sandbox.faults.clear());
afterAll(() => bed.close());

const charge = { amount: 3_300, currency: 'usd', customer: 'cus_demo_jordan', payment_method: 'pm_demo_jordan_visa', confirm: true, off_session: true } as const;
const intents = () => bed.sandbox.state.paymentIntents.size;

async function eventually(check: () => boolean, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('fault injection', () => {
  it('delay: the SDK times out, the charge still happens, and the same key then replays it', async () => {
    bed.sandbox.faults.add({ path: '/v1/payment_intents', mode: 'delay', ms: 600 });
    const before = intents();
    const idempotencyKey = randomUUID();
    const impatient = bed.client({ timeout: 150 });
    const failure = await failureOf(impatient.paymentIntents.create(charge, { idempotencyKey }));
    expect(failure).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(failure.message).toContain('timeout');
    expect(intents()).toBe(before);
    await eventually(() => intents() === before + 1, 2_000);
    const replay = await bed.stripe.paymentIntents.create(charge, { idempotencyKey });
    expect(replay.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(intents()).toBe(before + 1);
  });

  it('error500: answers 500 without processing; the SDK retry then succeeds once', async () => {
    bed.sandbox.faults.add({ path: '/v1/payment_intents', mode: 'error500' });
    const before = intents();
    const failure = await failureOf(bed.stripe.paymentIntents.create(charge));
    expect(failure).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(failure).toMatchObject({ statusCode: 500, rawType: 'api_error' });
    expect(intents()).toBe(before);

    bed.sandbox.faults.add({ path: '/v1/payment_intents', mode: 'error500' });
    const patient = bed.client({ maxNetworkRetries: 1 });
    const intent = await patient.paymentIntents.create(charge);
    expect(intent.status).toBe('succeeded');
    expect(intents()).toBe(before + 1);
    expect(bed.sandbox.faults.list()).toEqual([]);
  });

  it('drop_after_commit: the money moves, the socket dies, the retry replays: exactly one PaymentIntent', async () => {
    bed.sandbox.faults.add({ path: '/v1/payment_intents', mode: 'drop_after_commit' });
    const before = intents();
    // stripe-node retries a closed connection once even with maxNetworkRetries 0, with the same key.
    const intent = await bed.stripe.paymentIntents.create(charge, { idempotencyKey: randomUUID() });
    expect(intent.status).toBe('succeeded');
    expect(intent.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(intents()).toBe(before + 1);
  });

  it('is driven over HTTP too, matches by method and prefix, and counts down times', async () => {
    const add = await fetch(`${bed.sandbox.url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/v1/customers*', method: 'GET', mode: 'error500', times: 2 }),
    });
    expect(add.status).toBe(200);
    expect(await add.json()).toEqual({ faults: [{ path: '/v1/customers*', method: 'GET', mode: 'error500', times: 2 }] });
    expect((await bed.stripe.customers.create({ name: 'Not affected' })).id).toMatch(/^cus_/);
    for (let attempt = 0; attempt < 2; attempt++) {
      expect(await failureOf(bed.stripe.customers.retrieve('cus_demo_jordan'))).toMatchObject({ statusCode: 500 });
    }
    expect((await bed.stripe.customers.retrieve('cus_demo_jordan')).id).toBe('cus_demo_jordan');

    const refused = await fetch(`${bed.sandbox.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify({ path: '/v1/x', mode: 'explode' }) });
    expect(refused.status).toBe(400);
    await fetch(`${bed.sandbox.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify([{ path: '/v1/x', mode: 'error500' }]) });
    const cleared = await fetch(`${bed.sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
    expect(await cleared.json()).toEqual({ faults: [] });
  });
});
