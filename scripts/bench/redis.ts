import { Redis } from 'ioredis';
import { eventStreamKey, idempotencyKeys } from '../../src/store/redis/redis-keys.js';
import { redisAnswers, redisServerOnPath, startRedisServer } from '../../test/setup/redis-server.js';

/** Tender's default key prefix (src/store/redis/redis-keys.ts): the bench config keeps it. */
const KEY_PREFIX = 'tender';
const LOCAL_REDIS = 'redis://127.0.0.1:6379';

export interface BenchRedis {
  url: string;
  /** True when the benchmark started this Redis itself. */
  own: boolean;
  stop(): Promise<void>;
}

/** REDIS_URL, else 127.0.0.1:6379, else a private redis-server on a free port. */
export async function findRedis(): Promise<BenchRedis> {
  const configured = process.env['REDIS_URL'];
  if (configured) {
    if (!(await redisAnswers(configured, 2_000))) throw new Error('REDIS_URL is set but that Redis does not answer PING');
    return { url: configured, own: false, stop: async () => {} };
  }
  if (await redisAnswers(LOCAL_REDIS)) return { url: LOCAL_REDIS, own: false, stop: async () => {} };
  if (!redisServerOnPath()) throw new Error('no Redis answers on 127.0.0.1:6379 and redis-server is not on PATH; set REDIS_URL');
  const server = await startRedisServer();
  return { url: server.url, own: true, stop: () => server.stop() };
}

/**
 * Deletes what the run stored in a shared Redis: the idempotency records of the keys
 * the load generators used (named `<prefix>-<n>`), the tenant's event stream, and any
 * other key naming the tenant (a per-customer limit, say). The tenant id is unique to
 * the run, so nothing else matches.
 */
export async function removeRunData(url: string, tenant: string, keyRuns: ReadonlyArray<{ prefix: string; count: number }>): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const keys: string[] = [eventStreamKey(KEY_PREFIX, tenant)];
    for (const run of keyRuns) {
      for (let n = 0; n < run.count; n++) {
        const { record, lease } = idempotencyKeys(KEY_PREFIX, tenant, `${run.prefix}-${n}`);
        keys.push(record, lease);
      }
    }
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${KEY_PREFIX}:*${tenant}*`, 'COUNT', 1000);
      keys.push(...found);
      cursor = next;
    } while (cursor !== '0');
    let removed = 0;
    for (let i = 0; i < keys.length; i += 1000) removed += await redis.unlink(...keys.slice(i, i + 1000));
    return removed;
  } finally {
    redis.disconnect();
  }
}
