import type { EventLog, TenderEvent } from '../types.js';
import { EVENT_LOG_CAP_PER_TENANT, eventReadLimit, invalidEventId } from '../store-limits.js';

interface Stored {
  seq: number;
  event: TenderEvent;
}

/**
 * Event log for a single process: one array per tenant, oldest first, trimmed to `cap`
 * like the Redis stream. Ids are the decimal form of a per-tenant counter, so they keep
 * increasing after trimming and `after` still works for an id that has been dropped.
 */
export function createMemoryEventLog(cap: number = EVENT_LOG_CAP_PER_TENANT): EventLog {
  const logs = new Map<string, { next: number; entries: Stored[] }>();

  return {
    async append(event): Promise<string> {
      let log = logs.get(event.tenant);
      if (log === undefined) {
        log = { next: 1, entries: [] };
        logs.set(event.tenant, log);
      }
      const seq = log.next++;
      const { id: _ignored, ...fields } = event;
      log.entries.push({ seq, event: structuredClone(fields) });
      if (log.entries.length > cap) log.entries.splice(0, log.entries.length - cap);
      return String(seq);
    },

    async read(tenant, options = {}): Promise<TenderEvent[]> {
      const limit = eventReadLimit(options.limit);
      const after = options.after === undefined ? 0 : parseSeq(options.after);
      const entries = logs.get(tenant)?.entries ?? [];
      const start = firstAfter(entries, after);
      return entries
        .slice(start, start + limit)
        .map(({ seq, event }) => ({ ...structuredClone(event), id: String(seq) }));
    },
  };
}

function parseSeq(id: string): number {
  if (!/^\d{1,15}$/.test(id)) throw invalidEventId();
  return Number(id);
}

/** Binary search: index of the first entry whose seq is greater than `seq`. */
function firstAfter(entries: Stored[], seq: number): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (entries[middle]!.seq <= seq) low = middle + 1;
    else high = middle;
  }
  return low;
}
