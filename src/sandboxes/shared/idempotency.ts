import { createHash } from 'node:crypto';
import type { SandboxClock } from './clock.js';

/**
 * Stripe's idempotency layer (docs.stripe.com/api/idempotent_requests), which Adyen's
 * keyed requests follow too (processor-wire.md, Adyen: "API idempotency"): per API key,
 * the first request's status and body are saved and replayed for 24 hours; a key reused
 * on another endpoint or with other parameters is refused; a key whose first request is
 * still executing is in progress (Stripe answers 409, Adyen a transient 422). Requests refused before execution (validation errors)
 * save nothing, so they can be retried.
 */
export interface StoredResponse {
  status: number;
  body: string;
}

export type IdempotencyOutcome =
  | { kind: 'execute' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'mismatch'; detail: string }
  | { kind: 'in_progress' };

interface Entry {
  endpoint: string;
  fingerprint: string;
  createdAt: number;
  response?: StoredResponse;
}

const RETENTION_SECONDS = 24 * 60 * 60;

export class IdempotencyStore {
  /** API key hash -> idempotency key -> entry. */
  private readonly scopes = new Map<string, Map<string, Entry>>();

  constructor(private readonly clock: SandboxClock) {}

  /** Claims the key for a new request, or says how the request must be answered. */
  begin(apiKey: string, key: string, endpoint: string, params: unknown): IdempotencyOutcome {
    const entries = this.entriesFor(apiKey);
    const fingerprint = fingerprintOf(params);
    const existing = entries.get(key);
    if (existing && this.clock.now() - existing.createdAt < RETENTION_SECONDS) {
      if (existing.endpoint !== endpoint) {
        return {
          kind: 'mismatch',
          detail: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${endpoint}' vs '${existing.endpoint}').`,
        };
      }
      if (existing.fingerprint !== fingerprint) {
        return {
          kind: 'mismatch',
          detail: 'Keys for idempotent requests can only be used with the same parameters they were first used with.',
        };
      }
      return existing.response ? { kind: 'replay', response: existing.response } : { kind: 'in_progress' };
    }
    entries.set(key, { endpoint, fingerprint, createdAt: this.clock.now() });
    return { kind: 'execute' };
  }

  complete(apiKey: string, key: string, response: StoredResponse): void {
    const entry = this.entriesFor(apiKey).get(key);
    if (entry) entry.response = response;
  }

  /** Releases a key whose request never began executing. */
  release(apiKey: string, key: string): void {
    this.entriesFor(apiKey).delete(key);
  }

  /** Number of saved keys across all API keys. */
  get size(): number {
    let total = 0;
    for (const entries of this.scopes.values()) total += entries.size;
    return total;
  }

  private entriesFor(apiKey: string): Map<string, Entry> {
    const scope = createHash('sha256').update(apiKey).digest('hex');
    let entries = this.scopes.get(scope);
    if (!entries) {
      entries = new Map();
      this.scopes.set(scope, entries);
    }
    return entries;
  }
}

/** Parameters compare by value, whatever order the client wrote them in. */
function fingerprintOf(params: unknown): string {
  return JSON.stringify(sortKeys(params));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
