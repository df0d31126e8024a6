import { create, toBinary } from '@bufbuild/protobuf';
import { afterEach, describe, expect, it } from 'vitest';
import { ChargeRequestSchema, ChargeResponseSchema, PaymentSchema } from '../gen/tender/v1/payments_pb.js';
import { PaymentStatus } from '../gen/tender/v1/common_pb.js';
import { TenderError } from '../core/errors.js';
import { createMemoryStore } from '../store/memory/memory-store.js';
import type { Store } from '../store/types.js';
import { knownEncodingOf } from '../server/known-encoding.js';
import { runIdempotent, type IdempotencySettings } from './idempotent.js';
import { testCall } from './testing/call.js';

const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

function settings(): IdempotencySettings {
  const store = createMemoryStore();
  stores.push(store);
  return { store: store.idempotency, retentionMs: 60_000, leaseMs: 60_000 };
}

const request = (amount: bigint) => create(ChargeRequestSchema, {
  idempotencyKey: 'k1', customerId: 'demo:cus_1', amount: { amount, currency: 'USD' },
});
const response = (status: PaymentStatus, id = 'demo:pi_1') =>
  create(ChargeResponseSchema, { payment: create(PaymentSchema, { id, status }) });

describe('runIdempotent', () => {
  it('runs once, then replays the stored response with the replay header', async () => {
    const s = settings();
    let runs = 0;
    const work = async () => ({ response: response(PaymentStatus.DECLINED, `demo:pi_${++runs}`), final: true });
    const first = testCall('acme');
    const a = await runIdempotent(s, first.call, { key: 'k1', request: request(100n), responseSchema: ChargeResponseSchema }, work);
    const second = testCall('acme');
    const b = await runIdempotent(s, second.call, { key: 'k1', request: request(100n), responseSchema: ChargeResponseSchema }, work);
    expect(runs).toBe(1);
    expect(b.payment?.id).toBe(a.payment?.id);
    expect(b.payment?.status).toBe(PaymentStatus.DECLINED);
    expect(first.headers.has('idempotent-replayed')).toBe(false);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    // Encoded once, when stored; the replay goes out as the bytes stored.
    expect(Buffer.from(knownEncodingOf(a)!)).toEqual(Buffer.from(toBinary(ChargeResponseSchema, a)));
    expect(Buffer.from(knownEncodingOf(b)!)).toEqual(Buffer.from(knownEncodingOf(a)!));
  });

  it('refuses the same key with another request and scopes keys per tenant', async () => {
    const s = settings();
    const work = async () => ({ response: response(PaymentStatus.SUCCEEDED), final: true });
    await runIdempotent(s, testCall('acme').call, { key: 'k1', request: request(100n), responseSchema: ChargeResponseSchema }, work);
    await expect(runIdempotent(s, testCall('acme').call, { key: 'k1', request: request(200n), responseSchema: ChargeResponseSchema }, work))
      .rejects.toMatchObject({ code: 'failed_precondition', field: 'idempotency_key' });
    let otherRan = false;
    await runIdempotent(s, testCall('globex').call, { key: 'k1', request: request(200n), responseSchema: ChargeResponseSchema }, async () => {
      otherRan = true;
      return { response: response(PaymentStatus.SUCCEEDED, 'demo:pi_9'), final: true };
    });
    expect(otherRan).toBe(true);
  });

  it('answers ABORTED to a duplicate while the first is running', async () => {
    const s = settings();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const first = runIdempotent(s, testCall('acme').call, { key: 'k1', request: request(100n), responseSchema: ChargeResponseSchema }, async () => {
      await gate;
      return { response: response(PaymentStatus.SUCCEEDED), final: true };
    });
    await expect(runIdempotent(s, testCall('acme').call, { key: 'k1', request: request(100n), responseSchema: ChargeResponseSchema }, async () => {
      throw new Error('must not run');
    })).rejects.toMatchObject({ code: 'aborted' });
    release();
    await first;
  });

  it('does not store failures or unknown outcomes, and forwards the same processor key on retry', async () => {
    const s = settings();
    const keys: string[] = [];
    const input = { key: 'k1', request: request(100n), responseSchema: ChargeResponseSchema };
    await expect(runIdempotent(s, testCall('acme').call, input, async (ctx) => {
      keys.push(ctx.processorIdempotencyKey);
      throw new TenderError('unavailable', 'processor down');
    })).rejects.toBeInstanceOf(TenderError);
    const unknown = await runIdempotent(s, testCall('acme').call, input, async (ctx) => {
      keys.push(ctx.processorIdempotencyKey);
      return { response: response(PaymentStatus.OUTCOME_UNKNOWN), final: false };
    });
    expect(unknown.payment?.status).toBe(PaymentStatus.OUTCOME_UNKNOWN);
    const settled = await runIdempotent(s, testCall('acme').call, input, async (ctx) => {
      keys.push(ctx.processorIdempotencyKey);
      return { response: response(PaymentStatus.SUCCEEDED), final: true };
    });
    expect(settled.payment?.status).toBe(PaymentStatus.SUCCEEDED);
    expect(new Set(keys).size).toBe(1);
    expect(keys).toHaveLength(3);
  });

  it('refuses a missing or malformed key before touching the store', async () => {
    const s = settings();
    for (const key of ['', 'has space', 'x'.repeat(256)]) {
      await expect(runIdempotent(s, testCall('acme').call, { key, request: request(100n), responseSchema: ChargeResponseSchema }, async () => {
        throw new Error('must not run');
      })).rejects.toMatchObject({ code: 'invalid_argument', field: 'idempotency_key' });
    }
  });

  it('still answers when the result cannot be stored after the money moved, and a later retry re-sends the same processor key', async () => {
    const base = settings();
    const failing: IdempotencySettings = {
      ...base,
      leaseMs: 50,
      store: { ...base.store, complete: async () => { throw new TenderError('unavailable', 'store unavailable'); } },
    };
    const keys: string[] = [];
    const input = { key: 'k1', request: request(100n), responseSchema: ChargeResponseSchema };
    const work = async (ctx: { processorIdempotencyKey: string }) => {
      keys.push(ctx.processorIdempotencyKey);
      return { response: response(PaymentStatus.SUCCEEDED), final: true };
    };
    const first = await runIdempotent(failing, testCall('acme').call, input, work);
    expect(first.payment?.status).toBe(PaymentStatus.SUCCEEDED);
    // The lease still holds the key: a duplicate right away is told to retry, not run.
    await expect(runIdempotent(failing, testCall('acme').call, input, work)).rejects.toMatchObject({ code: 'aborted' });
    await new Promise((resolve) => setTimeout(resolve, 80));
    await runIdempotent(failing, testCall('acme').call, input, work);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  it('renews its lease while a slow call runs: a duplicate stays ABORTED past the lease, and the result is stored', async () => {
    const s = { ...settings(), leaseMs: 150 };
    const input = { key: 'k1', request: request(100n), responseSchema: ChargeResponseSchema };
    let runs = 0;
    const slow = runIdempotent(s, testCall('acme').call, input, async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 600));
      return { response: response(PaymentStatus.SUCCEEDED), final: true };
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const work = async () => { runs += 1; return { response: response(PaymentStatus.SUCCEEDED, 'demo:pi_2'), final: true }; };
    await expect(runIdempotent(s, testCall('acme').call, input, work)).rejects.toMatchObject({ code: 'aborted' });
    expect((await slow).payment?.id).toBe('demo:pi_1');
    const replay = testCall('acme');
    expect((await runIdempotent(s, replay.call, input, work)).payment?.id).toBe('demo:pi_1');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(runs).toBe(1);
  });

  it('stops renewing once the call is over: an unknown outcome frees the key for a retry within one lease', async () => {
    const s = { ...settings(), leaseMs: 150 };
    const input = { key: 'k1', request: request(100n), responseSchema: ChargeResponseSchema };
    let renewals = 0;
    const store = s.store;
    const counting = { ...s, store: { ...store, renew: (...args: Parameters<typeof store.renew>) => { renewals += 1; return store.renew(...args); } } };
    await runIdempotent(counting, testCall('acme').call, input, async () => ({ response: response(PaymentStatus.OUTCOME_UNKNOWN, ''), final: false }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(renewals).toBe(0);
    const retried = await runIdempotent(counting, testCall('acme').call, input, async () => ({ response: response(PaymentStatus.SUCCEEDED), final: true }));
    expect(retried.payment?.status).toBe(PaymentStatus.SUCCEEDED);
  });

  it('fails closed with UNAVAILABLE when the store cannot be asked, running nothing', async () => {
    const base = settings();
    const down: IdempotencySettings = {
      ...base,
      store: { ...base.store, begin: async () => { throw new TenderError('unavailable', 'store unavailable'); } },
    };
    await expect(runIdempotent(down, testCall('acme').call, { key: 'k1', request: request(100n), responseSchema: ChargeResponseSchema }, async () => {
      throw new Error('must not run');
    })).rejects.toMatchObject({ code: 'unavailable' });
  });
});
