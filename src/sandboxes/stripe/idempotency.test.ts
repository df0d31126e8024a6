import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClock } from '../shared/clock.js';
import { IdempotencyStore } from '../shared/idempotency.js';
import { failureOf, openTestBed, type SandboxTestBed } from './testing/test-bed.js';

let bed: SandboxTestBed;
beforeAll(async () => {
  bed = await openTestBed();
});
afterAll(() => bed.close());

const charge = (amount: number, paymentMethod = 'pm_demo_jordan_visa', customer = 'cus_demo_jordan') =>
  ({ amount, currency: 'usd', customer, payment_method: paymentMethod, confirm: true, off_session: true }) as const;

describe('idempotent requests', () => {
  it('replays the same PaymentIntent with Idempotent-Replayed and creates only one', async () => {
    const idempotencyKey = `replay-${randomUUID()}`;
    const before = bed.sandbox.state.paymentIntents.size;
    const first = await bed.stripe.paymentIntents.create(charge(1_500), { idempotencyKey });
    const second = await bed.stripe.paymentIntents.create(charge(1_500), { idempotencyKey });
    expect(second.id).toBe(first.id);
    expect(second).toEqual(first);
    expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(bed.sandbox.state.paymentIntents.size).toBe(before + 1);
    expect(bed.sandbox.state.charges.size).toBeGreaterThan(0);
  });

  it('refuses the key with other parameters as StripeIdempotencyError', async () => {
    const idempotencyKey = `mismatch-${randomUUID()}`;
    await bed.stripe.paymentIntents.create(charge(1_500), { idempotencyKey });
    const before = bed.sandbox.state.paymentIntents.size;
    const failure = await failureOf(bed.stripe.paymentIntents.create(charge(1_600), { idempotencyKey }));
    expect(failure).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(failure).toMatchObject({ statusCode: 400, rawType: 'idempotency_error' });
    expect(failure.message).toMatch(/^Keys for idempotent requests can only be used with the same parameters they were first used with\./);
    expect(bed.sandbox.state.paymentIntents.size).toBe(before);
  });

  it('refuses the key on another endpoint', async () => {
    const idempotencyKey = `endpoint-${randomUUID()}`;
    await bed.stripe.customers.create({ name: 'Keyed' }, { idempotencyKey });
    const failure = await failureOf(bed.stripe.paymentIntents.create(charge(1_500), { idempotencyKey }));
    expect(failure).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(failure.message).toContain('same endpoint');
  });

  it('stores a card decline and replays it without charging again', async () => {
    const idempotencyKey = `decline-${randomUUID()}`;
    const request = charge(8_900, 'pm_demo_sam_visa_declines', 'cus_demo_sam');
    const first = await failureOf(bed.stripe.paymentIntents.create(request, { idempotencyKey }));
    const charges = bed.sandbox.state.charges.size;
    const second = await failureOf(bed.stripe.paymentIntents.create(request, { idempotencyKey }));
    expect(second).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(second.headers?.['idempotent-replayed']).toBe('true');
    expect(second.payment_intent?.id).toBe(first.payment_intent?.id);
    expect(second.charge).toBe(first.charge);
    expect(bed.sandbox.state.charges.size).toBe(charges);
  });

  it('saves nothing for a request refused by validation, so the key can be used again', async () => {
    const idempotencyKey = `validation-${randomUUID()}`;
    expect(await failureOf(bed.stripe.paymentIntents.create(charge(10), { idempotencyKey }))).toMatchObject({ code: 'amount_too_small' });
    const fixed = await bed.stripe.paymentIntents.create(charge(1_000), { idempotencyKey });
    expect(fixed.status).toBe('succeeded');
  });

  it('answers 409 idempotency_key_in_use while the first request is still running', async () => {
    const idempotencyKey = `busy-${randomUUID()}`;
    bed.sandbox.faults.add({ path: '/v1/payment_intents', mode: 'delay', ms: 400 });
    const slow = bed.stripe.paymentIntents.create(charge(1_700), { idempotencyKey });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const busy = await failureOf(bed.stripe.paymentIntents.create(charge(1_700), { idempotencyKey }));
    expect(busy).toMatchObject({ statusCode: 409, code: 'idempotency_key_in_use', rawType: 'invalid_request_error' });
    const finished = await slow;
    const replay = await bed.stripe.paymentIntents.create(charge(1_700), { idempotencyKey });
    expect(replay.id).toBe(finished.id);
  });
});

describe('IdempotencyStore', () => {
  it('scopes keys per API key and forgets them after 24 hours', () => {
    const clock = createClock();
    const store = new IdempotencyStore(clock);
    expect(store.begin('sk_test_a', 'k', '/v1/refunds', { amount: '1' }).kind).toBe('execute');
    expect(store.begin('sk_test_b', 'k', '/v1/refunds', { amount: '2' }).kind).toBe('execute');
    store.complete('sk_test_a', 'k', { status: 200, body: '{}' });
    expect(store.begin('sk_test_a', 'k', '/v1/refunds', { amount: '1' })).toEqual({ kind: 'replay', response: { status: 200, body: '{}' } });
    expect(store.begin('sk_test_b', 'k', '/v1/refunds', { amount: '2' }).kind).toBe('in_progress');
    clock.advance(24 * 60 * 60);
    expect(store.begin('sk_test_a', 'k', '/v1/refunds', { amount: '3' }).kind).toBe('execute');
  });

  it('compares parameters by value, not by the order they were written in', () => {
    const store = new IdempotencyStore(createClock());
    store.begin('sk_test_a', 'k', '/v1/customers', { name: 'A', metadata: { x: '1', y: '2' } });
    store.complete('sk_test_a', 'k', { status: 200, body: '{}' });
    expect(store.begin('sk_test_a', 'k', '/v1/customers', { metadata: { y: '2', x: '1' }, name: 'A' }).kind).toBe('replay');
  });
});
