import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { deleteKeysWithPrefix, testRedisUrl, uniqueKeyPrefix } from '../../../test/setup/redis-env.js';
import { describeStoreContract } from '../store-contract.js';
import type { Store } from '../types.js';
import { createRedisStore } from './redis-store.js';
import { eventStreamKey, idempotencyKeys } from './redis-keys.js';

describeStoreContract('redis', () => {
  // Each open() is its own connection, like one more Tender process on the same Redis.
  const keyPrefix = uniqueKeyPrefix('contract');
  const opened: Store[] = [];
  return {
    open() {
      const store = createRedisStore({ url: testRedisUrl(), keyPrefix });
      opened.push(store);
      return store;
    },
    async dispose() {
      await Promise.all(opened.map((store) => store.close()));
      await deleteKeysWithPrefix(keyPrefix);
    },
  };
});

describe('redis store layout', () => {
  const keyPrefix = uniqueKeyPrefix('layout');
  const store = createRedisStore({ url: testRedisUrl(), keyPrefix, eventCap: 10 });
  const admin = new Redis(testRedisUrl());
  afterAll(async () => {
    await store.close();
    admin.disconnect();
    await deleteKeysWithPrefix(keyPrefix);
  });

  it('keeps a lease, then a record, under one hash tag with their expiries', async () => {
    const keys = idempotencyKeys(keyPrefix, 'acme', 'order-1');
    expect(keys.lease).toMatch(new RegExp(`^${keyPrefix}:idem:\\{[0-9a-f]{64}\\}:lease$`));
    expect(keys.record.replace(':record', ':lease')).toBe(keys.lease);

    const begun = await store.idempotency.begin('acme', 'order-1', 'fp', 30_000);
    if (begun.state !== 'acquired') throw new Error(begun.state);
    expect(await admin.hgetall(keys.lease)).toEqual({ token: begun.token, fingerprint: 'fp' });
    expect(await admin.pttl(keys.lease)).toBeGreaterThan(29_000);

    const record = { fingerprint: 'fp', outcome: { kind: 'response', body: 'AA==' }, completedAt: 1 } as const;
    expect(await store.idempotency.complete('acme', 'order-1', begun.token, record, 120_000)).toBe(true);
    expect(await admin.exists(keys.lease)).toBe(0);
    expect(await admin.hget(keys.record, 'fingerprint')).toBe('fp');
    expect(await admin.pttl(keys.record)).toBeGreaterThan(119_000);
  });

  it('appends to one stream per tenant, trimmed near the cap', async () => {
    const key = eventStreamKey(keyPrefix, 'acme{1}');
    expect(key).toBe(`${keyPrefix}:events:{acme%7B1%7D}`);
    const appends = Array.from({ length: 300 }, (_, n) =>
      store.events.append({ type: 't', tenant: 'acme{1}', accountId: 'a', at: n, data: { n } }),
    );
    await Promise.all(appends);
    // MAXLEN ~ trims whole stream nodes (100 entries by default), never below the cap.
    const length = await admin.xlen(key);
    expect(length).toBeGreaterThanOrEqual(10);
    expect(length).toBeLessThan(300);
  });
});
