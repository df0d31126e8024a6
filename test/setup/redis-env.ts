import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { inject } from 'vitest';

/** The Redis that test/setup/redis.ts found or started. */
export function testRedisUrl(): string {
  return inject('redisUrl') ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/**
 * A key prefix no other test file uses, so files running in parallel on one Redis never
 * see each other's keys, and cleanup can delete by prefix instead of FLUSHALL.
 */
export function uniqueKeyPrefix(label: string): string {
  return `tender-test:${label}:${randomUUID().slice(0, 8)}`;
}

/** Deletes every key under `prefix` (SCAN, never KEYS or FLUSHALL: others share this Redis). */
export async function deleteKeysWithPrefix(prefix: string, url = testRedisUrl()): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${escapeGlob(prefix)}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
