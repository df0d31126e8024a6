import type { EventLog, TenderEvent } from '../types.js';
import { EVENT_LOG_CAP_PER_TENANT, eventReadLimit, invalidEventId } from '../store-limits.js';
import { decodeEvent, encodeEvent } from './redis-codec.js';
import { eventStreamKey } from './redis-keys.js';
import type { RedisConnection } from './redis-connection.js';

/** The stream field that holds an event's JSON. */
const EVENT_FIELD = 'e';

/**
 * One Redis stream per tenant. Stream ids ("<ms>-<seq>") increase by construction, and
 * `MAXLEN ~` trims whole macro nodes, which keeps XADD O(1) at the price of keeping a
 * few more than `cap` events.
 */
export function createRedisEventLog(
  connection: RedisConnection,
  prefix: string,
  cap: number = EVENT_LOG_CAP_PER_TENANT,
): EventLog {
  return {
    async append(event): Promise<string> {
      const key = eventStreamKey(prefix, event.tenant);
      const id = await connection.run((redis) =>
        redis.xadd(key, 'MAXLEN', '~', cap, '*', EVENT_FIELD, encodeEvent(event)),
      );
      if (id === null) throw new Error('XADD returned no id');
      return id;
    },

    async read(tenant, options = {}): Promise<TenderEvent[]> {
      const limit = eventReadLimit(options.limit);
      if (options.after !== undefined && !/^\d+-\d+$/.test(options.after)) throw invalidEventId();
      // "(" makes the start exclusive (Redis 6.2+): the page starts after the last id seen.
      const start = options.after === undefined ? '-' : `(${options.after}`;
      const key = eventStreamKey(prefix, tenant);
      const entries = await connection.run((redis) => redis.xrange(key, start, '+', 'COUNT', limit));
      return entries.map(([id, fields]) => decodeEvent(id, fieldValue(fields, EVENT_FIELD)));
    },
  };
}

function fieldValue(fields: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}
