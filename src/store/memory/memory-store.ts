import type { Store } from '../types.js';
import { createMemoryDeclineLimits } from './memory-decline-limits.js';
import { createMemoryDirectory } from './memory-directory.js';
import { createMemoryEventLog } from './memory-event-log.js';
import { createMemoryIdempotencyStore } from './memory-idempotency.js';
import { createMemoryLedger } from './memory-ledger.js';
import { createMemoryLinkStore } from './memory-links.js';
import { createMemoryUnsettledCalls } from './memory-unsettled.js';

export interface MemoryStoreOptions {
  /** Events kept per tenant; defaults to the shared cap (store-limits.ts). */
  eventCap?: number;
}

/**
 * Store for one process: tests, local runs, a single-instance deployment. State dies
 * with the process, so idempotency only holds within it; use Redis for several
 * instances (payments-domain.md, "Redis").
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  const idempotency = createMemoryIdempotencyStore();
  return {
    kind: 'memory',
    idempotency,
    events: createMemoryEventLog(options.eventCap),
    customers: createMemoryDirectory(),
    links: createMemoryLinkStore(),
    payments: createMemoryLedger(),
    limits: createMemoryDeclineLimits(),
    unsettled: createMemoryUnsettledCalls(),
    async ping(): Promise<void> {},
    async close(): Promise<void> {
      idempotency.close();
    },
  };
}
