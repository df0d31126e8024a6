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
  const keys = unsettledKeys(keyPrefix, 'acme');
  afterAll(async () => {
    await store.close();
    admin.disconnect();
    await deleteKeysWithPrefix(keyPrefix);
  });

  it("keeps a tenant's calls in three keys under the tenant's hash tag, by ref, with due and expiry scores", async () => {
    expect(keys).toEqual({
      calls: `${keyPrefix}:unsettled:{acme}:calls`,
      due: `${keyPrefix}:unsettled:{acme}:due`,
      expiry: `${keyPrefix}:unsettled:{acme}:expiry`,
    });
    // Braces and colons are encoded, so no tenant can move the tag or reach another's keys.
    expect(unsettledKeys(keyPrefix, 'a}b:{c').calls).toBe(`${keyPrefix}:unsettled:{a%7Db%3A%7Bc}:calls`);

    const call = callFor('acme', 'pay-1', 1_000);
    const before = Date.now();
    await store.unsettled.add(call, 60_000);
    expect(JSON.parse((await admin.hget(keys.calls, 'pay-1'))!)).toEqual(call);
    expect(await admin.zscore(keys.due, 'pay-1')).toBe('1000');
    expect(Number(await admin.zscore(keys.expiry, 'pay-1'))).toBeGreaterThanOrEqual(before + 60_000);

    await store.unsettled.update({ ...call, state: 'settled', response: 'AA==' }, 60_000);
    expect(await admin.zscore(keys.due, 'pay-1')).toBeNull();
    expect(await store.unsettled.claimDue('acme', 2_000, 10, 1_000)).toEqual([]);
  });

  it("claims from the given tenant's keys only", async () => {
    const other = unsettledKeys(keyPrefix, 'other');
    await store.unsettled.add(callFor('other', 'pay-9', 1_000), 60_000);
    expect(await admin.hexists(other.calls, 'pay-9')).toBe(1);
    expect(await admin.hexists(keys.calls, 'pay-9')).toBe(0);
    expect(await store.unsettled.claimDue('acme', 2_000, 10, 1_000)).toEqual([]);
    expect(await admin.zscore(other.due, 'pay-9')).toBe('1000');
  });

  it('sets the keys to expire with their latest record, so an unserved tenant leaves nothing behind', async () => {
    const tenant = 'unserved';
    const own = unsettledKeys(keyPrefix, tenant);
    await store.unsettled.add(callFor(tenant, 'long', 1_000), 60_000);
    await store.unsettled.add(callFor(tenant, 'short', 1_000), 1_000);
    for (const key of Object.values(own)) {
      expect(await admin.pttl(key)).toBeGreaterThan(50_000);
      expect(await admin.pttl(key)).toBeLessThanOrEqual(60_000);
    }
    // Shortening the latest record's retention shortens the keys' too.
    await store.unsettled.update({ ...callFor(tenant, 'long', 1_000), state: 'settled', response: 'AA==' }, 200);
    expect(await admin.pttl(own.calls)).toBeLessThanOrEqual(1_000);
    await sleep(1_300);
    expect(await admin.exists(own.calls, own.due, own.expiry)).toBe(0);
  });

  it('answers a record past its expiry as absent before any claim prunes it, and prunes it on claim', async () => {
    const call = callFor('acme', 'pay-2', 1_000);
    await store.unsettled.add(call, 60_000);
    await admin.zadd(keys.expiry, Date.now() - 1, 'pay-2');
    expect(await store.unsettled.get('acme', 'pay-2')).toBeUndefined();
    expect(await admin.hexists(keys.calls, 'pay-2')).toBe(1);
    expect(await store.unsettled.claimDue('acme', 2_000, 10, 1_000)).toEqual([]);
    expect(await admin.hexists(keys.calls, 'pay-2')).toBe(0);
    expect(await admin.zscore(keys.due, 'pay-2')).toBeNull();
  });

  it('fails loudly (internal) on a record it did not write, or one filed under the wrong tenant', async () => {
    await admin.hset(keys.calls, 'odd', '{"tenant":"acme","cardNumber":"x"}');
    await admin.zadd(keys.expiry, Date.now() + 60_000, 'odd');
    await expect(store.unsettled.get('acme', 'odd')).rejects.toMatchObject({ code: 'internal' });

    const misfiled = unsettledKeys(keyPrefix, 'misfiled');
    await admin.hset(misfiled.calls, 'pay-3', JSON.stringify(callFor('acme', 'pay-3', 1_000)));
    await admin.zadd(misfiled.due, 1_000, 'pay-3');
    await admin.zadd(misfiled.expiry, Date.now() + 60_000, 'pay-3');
    await expect(store.unsettled.get('misfiled', 'pay-3')).rejects.toMatchObject({ code: 'internal' });
    await expect(store.unsettled.claimDue('misfiled', 2_000, 10, 1_000)).rejects.toMatchObject({ code: 'internal' });
  });
});

function callFor(tenant: string, ref: string, dueAt: number): UnsettledCall {
  return {
    tenant, ref, accountId: 'acct-1', method: 'tender.v1.PaymentService/Charge', idempotencyKey: `key-${ref}`,
    request: 'AAAA', createdAt: dueAt, attempts: 0, dueAt, state: 'pending', updatedAt: dueAt,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
