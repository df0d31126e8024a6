import type { Store } from '../types.js';
import { createRedisDeclineLimits } from './redis-decline-limits.js';
import { createRedisDirectory } from './redis-directory.js';
import { createRedisEventLog } from './redis-event-log.js';
import { createRedisIdempotencyStore } from './redis-idempotency.js';
import { createRedisLedger } from './redis-ledger.js';
import { createRedisLinkStore } from './redis-links.js';
import { createRedisUnsettledCalls } from './redis-unsettled.js';
import { DEFAULT_KEY_PREFIX, checkKeyPrefix } from './redis-keys.js';
import { openRedisConnection } from './redis-connection.js';

export interface RedisStoreOptions {
  /**
   * redis:// or rediss:// for one Redis, redis+cluster:// or rediss+cluster:// with
   * comma-separated seed nodes for a Redis Cluster (redis-url.ts). Its password never
   * appears in an error message.
   */
  url: string;
  /** First segment of every key; lets instances or tests share one Redis apart. */
  keyPrefix?: string;
  /** Events kept per tenant (approximate); defaults to the shared cap (store-limits.ts). */
  eventCap?: number;
}

/**
 * Store shared by all Tender instances, on one Redis or a Redis Cluster (every key one
 * script or pipeline touches shares a hash tag, redis-keys.ts). Every call fails with
 * TenderError unavailable within about a second when Redis is down, and the store
 * reconnects on its own when Redis returns (redis-connection.ts).
 */
export function createRedisStore(options: RedisStoreOptions): Store {
  const prefix = checkKeyPrefix(options.keyPrefix ?? DEFAULT_KEY_PREFIX);
  const connection = openRedisConnection(options.url);
  return {
    kind: 'redis',
    idempotency: createRedisIdempotencyStore(connection, prefix),
    events: createRedisEventLog(connection, prefix, options.eventCap),
    customers: createRedisDirectory(connection, prefix),
    links: createRedisLinkStore(connection, prefix),
    payments: createRedisLedger(connection, prefix),
    limits: createRedisDeclineLimits(connection, prefix),
    unsettled: createRedisUnsettledCalls(connection, prefix),
    async ping(): Promise<void> {
      await connection.run((redis) => redis.ping());
    },
    close: () => connection.close(),
  };
}
