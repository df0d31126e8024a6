import { Redis } from 'ioredis';
import { DEFAULT_KEY_PREFIX, eventStreamKey, idempotencyKeys } from '../../src/store/redis/redis-keys.js';
import type { Deployment } from './tender-process.js';

/**
 * Removes what a deployment left in a shared Redis. Tender's configuration has no key
 * prefix (the store's default "tender" applies), so runs are kept apart by unique
 * tenant and account ids and unique idempotency keys, and cleaned up by exactly those:
 * the idempotency keys used, the tenant's event stream and decline-limit counters, and
 * the accounts' ledger and directory keys. Deletes by name or by SCAN over the account's own tag, never FLUSHALL:
 * other test files share this Redis.
 */
export async function removeDeploymentKeys(redisUrl: string, deployment: Deployment, usedKeys: Iterable<string>): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => {});
  try {
    await redis.connect();
    const names = [
      eventStreamKey(DEFAULT_KEY_PREFIX, deployment.tenant),
      ...(await scanAll(redis, `${DEFAULT_KEY_PREFIX}:limits:{${encodeURIComponent(deployment.tenant)}:*`)),
    ];
    for (const key of usedKeys) {
      const { lease, record } = idempotencyKeys(DEFAULT_KEY_PREFIX, deployment.tenant, key);
      names.push(lease, record);
    }
    for (const { id } of Object.values(deployment.accounts)) {
      const tag = encodeURIComponent(id);
      for (const pattern of [`:ledger:*:{${tag}:*`, `:dir:{${tag}}:*`]) {
        names.push(...(await scanAll(redis, `${DEFAULT_KEY_PREFIX}${pattern}`)));
      }
    }
    for (let start = 0; start < names.length; start += 500) await redis.unlink(...names.slice(start, start + 500));
  } finally {
    redis.disconnect();
  }
}

async function scanAll(redis: Redis, pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  return found;
}
