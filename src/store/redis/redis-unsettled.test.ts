import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteKeysWithPrefix, testRedisUrl, uniqueKeyPrefix } from '../../../test/setup/redis-env.js';
import type { UnsettledCall } from '../unsettled-calls.js';
import { unsettledKeys } from './redis-keys.js';
import { createRedisStore } from './redis-store.js';

describe('redis unsettled-call layout', () => {
  const keyPrefix = uniqueKeyPrefix('unsettled');
  const store = createRedisStore({ url: testRedisUrl(), keyPrefix });
  const admin = new Redis(testRedisUrl());
  const keys = unsettledKeys(keyPrefix);
  afterAll(async () => {
    await store.close();
    admin.disconnect();
    await deleteKeysWithPrefix(keyPrefix);
  });

  it('keeps every call in three keys under one hash tag, with due and expiry scores', async () => {
    expect(keys).toEqual({
      calls: `${keyPrefix}:unsettled:{unsettled}:calls`,
      due: `${keyPrefix}:unsettled:{unsettled}:due`,
      expiry: `${keyPrefix}:unsettled:{unsettled}:expiry`,
    });
    const call = callFor('acme', 'pay-1', 1_000);
    const before = Date.now();
    await store.unsettled.add(call, 60_000);
    const field = JSON.stringify(['acme', 'pay-1']);
    expect(JSON.parse((await admin.hget(keys.calls, field))!)).toEqual(call);
    expect(await admin.zscore(keys.due, field)).toBe('1000');
    expect(Number(await admin.zscore(keys.expiry, field))).toBeGreaterThanOrEqual(before + 60_000);

    await store.unsettled.update({ ...call, state: 'settled', response: 'AA==' }, 60_000);
    expect(await admin.zscore(keys.due, field)).toBeNull();
    expect(await store.unsettled.claimDue(2_000, 10, 1_000)).toEqual([]);
  });

  it('answers a record past its expiry as absent before any claim prunes it, and prunes it on claim', async () => {
    const call = callFor('acme', 'pay-2', 1_000);
    await store.unsettled.add(call, 60_000);
    const field = JSON.stringify(['acme', 'pay-2']);
    await admin.zadd(keys.expiry, Date.now() - 1, field);
    expect(await store.unsettled.get('acme', 'pay-2')).toBeUndefined();
    expect(await admin.hexists(keys.calls, field)).toBe(1);
    expect(await store.unsettled.claimDue(2_000, 10, 1_000)).toEqual([]);
    expect(await admin.hexists(keys.calls, field)).toBe(0);
    expect(await admin.zscore(keys.due, field)).toBeNull();
  });

  it('fails loudly (internal) on a record it did not write', async () => {
    await admin.hset(keys.calls, JSON.stringify(['acme', 'odd']), '{"tenant":"acme","cardNumber":"x"}');
    await admin.zadd(keys.expiry, Date.now() + 60_000, JSON.stringify(['acme', 'odd']));
    await expect(store.unsettled.get('acme', 'odd')).rejects.toMatchObject({ code: 'internal' });
  });
});

function callFor(tenant: string, ref: string, dueAt: number): UnsettledCall {
  return {
    tenant, ref, accountId: 'acct-1', method: 'tender.v1.PaymentService/Charge', idempotencyKey: `key-${ref}`,
    request: 'AAAA', createdAt: dueAt, attempts: 0, dueAt, state: 'pending', updatedAt: dueAt,
  };
}
