import { randomUUID } from 'node:crypto';
import type { BeginResult, IdempotencyRecord, IdempotencyStore } from '../types.js';
import { fingerprintChanged, positiveMs } from '../store-limits.js';

interface Lease {
  token: string;
  fingerprint: string;
  expiresAt: number;
}

interface Kept {
  record: IdempotencyRecord;
  expiresAt: number;
}

export interface MemoryIdempotencyStore extends IdempotencyStore {
  /** Stops the background sweep. */
  close(): void;
}

/** Expired entries are also dropped on access; the sweep only bounds memory. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * Idempotency for a single process. Leases and retention are timestamps checked on
 * every access (so expiry is exact), plus a periodic sweep that frees entries nobody
 * touches again. The sweep timer is unref'd: it never keeps the process alive.
 * Records are copied in and out so a caller mutating its object cannot alter history.
 */
export function createMemoryIdempotencyStore(): MemoryIdempotencyStore {
  const leases = new Map<string, Lease>();
  const records = new Map<string, Kept>();

  const live = <T extends { expiresAt: number }>(map: Map<string, T>, id: string): T | undefined => {
    const entry = map.get(id);
    if (entry === undefined || entry.expiresAt > Date.now()) return entry;
    map.delete(id);
    return undefined;
  };

  const sweep = (): void => {
    const now = Date.now();
    for (const map of [leases, records] as Map<string, { expiresAt: number }>[]) {
      for (const [id, entry] of map) if (entry.expiresAt <= now) map.delete(id);
    }
  };
  const sweeper = setInterval(sweep, SWEEP_INTERVAL_MS);
  sweeper.unref();

  return {
    async begin(scope, key, fingerprint, leaseMs): Promise<BeginResult> {
      const duration = positiveMs('leaseMs', leaseMs);
      const id = entryId(scope, key);
      const kept = live(records, id);
      if (kept !== undefined) {
        return kept.record.fingerprint === fingerprint
          ? { state: 'replay', record: structuredClone(kept.record) }
          : { state: 'mismatch' };
      }
      const lease = live(leases, id);
      if (lease !== undefined) {
        return lease.fingerprint === fingerprint ? { state: 'in_flight' } : { state: 'mismatch' };
      }
      const token = randomUUID();
      leases.set(id, { token, fingerprint, expiresAt: Date.now() + duration });
      return { state: 'acquired', token };
    },

    async complete(scope, key, token, record, retentionMs): Promise<boolean> {
      const duration = positiveMs('retentionMs', retentionMs);
      const id = entryId(scope, key);
      const lease = live(leases, id);
      if (lease === undefined || lease.token !== token) return false;
      if (lease.fingerprint !== record.fingerprint) throw fingerprintChanged();
      leases.delete(id);
      records.set(id, { record: structuredClone(record), expiresAt: Date.now() + duration });
      return true;
    },

    async renew(scope, key, token, leaseMs): Promise<boolean> {
      const duration = positiveMs('leaseMs', leaseMs);
      const lease = live(leases, entryId(scope, key));
      if (lease === undefined || lease.token !== token) return false;
      lease.expiresAt = Date.now() + duration;
      return true;
    },

    async release(scope, key, token): Promise<void> {
      const id = entryId(scope, key);
      if (live(leases, id)?.token === token) leases.delete(id);
    },

    async get(scope, key): Promise<IdempotencyRecord | undefined> {
      const kept = live(records, entryId(scope, key));
      return kept === undefined ? undefined : structuredClone(kept.record);
    },

    close(): void {
      clearInterval(sweeper);
    },
  };
}

/** JSON keeps (scope, key) pairs apart even when either contains a separator. */
function entryId(scope: string, key: string): string {
  return JSON.stringify([scope, key]);
}
