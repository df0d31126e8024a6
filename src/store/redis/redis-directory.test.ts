import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { deleteKeysWithPrefix, testRedisUrl, uniqueKeyPrefix } from '../../../test/setup/redis-env.js';
import type { DirectoryCustomer } from '../customer-directory.js';
import { createRedisStore } from './redis-store.js';
import { directoryKeys } from './redis-keys.js';

/**
 * What the shared contract cannot see from outside: the keys themselves. Lookups skip
 * records that no longer match, so a stale index entry would pass the contract; only
 * the raw sets show that put() leaves none.
 */
describe('redis customer directory layout', () => {
  const keyPrefix = uniqueKeyPrefix('directory');
  const store = createRedisStore({ url: testRedisUrl(), keyPrefix });
  const admin = new Redis(testRedisUrl());
  afterAll(async () => {
    await store.close();
    admin.disconnect();
    await deleteKeysWithPrefix(keyPrefix);
  });

  /** Every key of one account, found the way an operator would (SCAN; no glob characters in these names). */
  const accountKeys = async (account: string): Promise<string[]> => {
    const found: string[] = [];
    let cursor = '0';
    do {
      const pattern = `${keyPrefix}:dir:{${encodeURIComponent(account)}}:*`;
      const [next, keys] = await admin.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      found.push(...keys);
    } while (cursor !== '0');
    return found.sort();
  };

  it('keeps one account under one hash tag, with hashed index names', async () => {
    const keys = directoryKeys(keyPrefix, 'acct{1}');
    expect(keys.customer('c:1')).toBe(`${keyPrefix}:dir:{acct%7B1%7D}:cust:c%3A1`);
    const phoneIndex = new RegExp(`^${keyPrefix}:dir:\\{acct%7B1%7D\\}:phone:[0-9a-f]{64}$`);
    expect(keys.phoneIndex('+14155550100')).toMatch(phoneIndex);

    await store.customers.put('acct{1}', customer('c:1', '+14155550100', 'Ann@Example.com'));
    const stored = await accountKeys('acct{1}');
    expect(stored).toEqual(
      [keys.customer('c:1'), keys.phoneIndex('+14155550100'), keys.emailIndex('ann@example.com')].sort(),
    );
    expect(stored.join(' ')).not.toMatch(/4155550100|example/i);
    expect(await admin.smembers(keys.phoneIndex('+14155550100'))).toEqual(['c:1']);
    expect(await admin.hgetall(keys.customer('c:1'))).toEqual({
      record: JSON.stringify(customer('c:1', '+14155550100', 'Ann@Example.com')),
      phoneIndex: keys.phoneIndex('+14155550100'),
      emailIndex: keys.emailIndex('ann@example.com'),
    });
  });

  it('moves a changed phone and email out of their old sets', async () => {
    const keys = directoryKeys(keyPrefix, 'acct-move');
    await store.customers.put('acct-move', customer('c1', '+14155550101', 'old@example.com'));
    await store.customers.put('acct-move', customer('c1', '+14155550102', 'new@example.com'));
    expect(await accountKeys('acct-move')).toEqual(
      [keys.customer('c1'), keys.phoneIndex('+14155550102'), keys.emailIndex('new@example.com')].sort(),
    );
  });

  it('leaves exactly one phone set after puts of one customer race through many phones', async () => {
    const peers = Array.from({ length: 5 }, () => createRedisStore({ url: testRedisUrl(), keyPrefix }));
    try {
      const phones = Array.from({ length: 10 }, (_, n) => `+1415555020${n}`);
      await Promise.all(
        phones.map((phone, n) => peers[n % peers.length]!.customers.put('acct-race', customer('c1', phone))),
      );
      const final = (await store.customers.get('acct-race', 'c1'))!;
      const keys = directoryKeys(keyPrefix, 'acct-race');
      expect(await accountKeys('acct-race')).toEqual([keys.customer('c1'), keys.phoneIndex(final.phone)].sort());
    } finally {
      await Promise.all(peers.map((peer) => peer.close()));
    }
  });

  it('skips ids whose record is gone or no longer carries the number', async () => {
    const keys = directoryKeys(keyPrefix, 'acct-dangling');
    const kept = customer('kept', '+14155550301');
    await store.customers.put('acct-dangling', kept);
    await store.customers.put('acct-dangling', customer('moved', '+14155550302'));
    await admin.sadd(keys.phoneIndex('+14155550301'), 'gone', 'moved');
    expect(await store.customers.findByPhone('acct-dangling', '+14155550301')).toEqual([kept]);
  });

  it('refuses a stored record that is not a directory customer (internal)', async () => {
    const keys = directoryKeys(keyPrefix, 'acct-malformed');
    await admin.hset(keys.customer('c1'), 'record', JSON.stringify({ ...customer('c1', ''), cvc: '123' }));
    await expect(store.customers.get('acct-malformed', 'c1')).rejects.toMatchObject({ code: 'internal' });
  });
});

function customer(id: string, phone: string, email = ''): DirectoryCustomer {
  return { id, name: 'Pat Doe', email, phone, createdAt: 1_700_000_000_000, metadata: { crm: 'x' } };
}
