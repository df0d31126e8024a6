import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { createRedisStore } from '../../src/store/redis/redis-store.js';
import { deleteKeysWithPrefix, testRedisUrl, uniqueKeyPrefix } from './redis-env.js';

/**
 * For tests of the Redis key layout: a store under a prefix of its own, an admin
 * connection to read the raw keys, and cleanup of both (and the keys) after the file.
 */
export function redisLayoutFixture(label: string) {
  const keyPrefix = uniqueKeyPrefix(label);
  const store = createRedisStore({ url: testRedisUrl(), keyPrefix });
  const admin = new Redis(testRedisUrl());
  afterAll(async () => {
    await store.close();
    admin.disconnect();
    await deleteKeysWithPrefix(keyPrefix);
  });
  return { keyPrefix, store, admin };
}
