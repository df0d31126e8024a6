import { randomUUID } from 'node:crypto';
import type { BeginResult, IdempotencyRecord, IdempotencyStore } from '../types.js';
import { fingerprintChanged, positiveMs } from '../store-limits.js';
import { defineIdempotencyScripts } from './idempotency-scripts.js';
import { decodeRecord, encodeRecord } from './redis-codec.js';
import { idempotencyKeys } from './redis-keys.js';
import type { RedisConnection } from './redis-connection.js';

/**
 * Idempotency on Redis shared by every Tender instance. Each transition is one Lua
 * script (idempotency-scripts.ts); the lease's PX expiry frees a key whose holder died.
 * A lease is not a fence across failover (asynchronous replication): the processor's
 * own idempotency key is (payments-domain.md, "Redis").
 */
export function createRedisIdempotencyStore(connection: RedisConnection, prefix: string): IdempotencyStore {
  const scripts = defineIdempotencyScripts(connection.redis);

  return {
    async begin(scope, key, fingerprint, leaseMs): Promise<BeginResult> {
      const duration = positiveMs('leaseMs', leaseMs);
      const keys = idempotencyKeys(prefix, scope, key);
      const token = randomUUID();
      const reply = await connection.run(() =>
        scripts.begin(keys.record, keys.lease, fingerprint, token, duration),
      );
      const [state, recordJson] = reply as [string, unknown?];
      switch (state) {
        case 'acquired':
          return { state, token };
        case 'replay':
          return { state, record: decodeRecord(recordJson) };
        case 'in_flight':
        case 'mismatch':
          return { state };
        default:
          throw new Error(`unexpected begin reply ${String(state)}`);
      }
    },

    async complete(scope, key, token, record: IdempotencyRecord, retentionMs): Promise<boolean> {
      const duration = positiveMs('retentionMs', retentionMs);
      const keys = idempotencyKeys(prefix, scope, key);
      const reply = await connection.run(() =>
        scripts.complete(keys.record, keys.lease, token, record.fingerprint, encodeRecord(record), duration),
      );
      if (reply === -1) throw fingerprintChanged();
      return reply === 1;
    },

    async renew(scope, key, token, leaseMs): Promise<boolean> {
      const duration = positiveMs('leaseMs', leaseMs);
      const keys = idempotencyKeys(prefix, scope, key);
      return (await connection.run(() => scripts.renew(keys.record, keys.lease, token, duration))) === 1;
    },

    async release(scope, key, token): Promise<void> {
      const keys = idempotencyKeys(prefix, scope, key);
      await connection.run(() => scripts.release(keys.record, keys.lease, token));
    },

    async get(scope, key): Promise<IdempotencyRecord | undefined> {
      const keys = idempotencyKeys(prefix, scope, key);
      const json = await connection.run((redis) => redis.hget(keys.record, 'record'));
      return json === null ? undefined : decodeRecord(json);
    },
  };
}
