import type { CustomerDirectory } from './customer-directory.js';
import type { DeclineLimitStore } from './decline-limits.js';
import type { PaymentLedger } from './payment-ledger.js';
import type { PaymentLinkStore } from './payment-link-store.js';
import type { UnsettledCallStore } from './unsettled-calls.js';

/**
 * The store holds what Tender must remember between calls and share between
 * instances: idempotency records, the event log, the customer directory, the payment
 * links Tender hosts itself, the payment ledger and decline-limit counts. One interface,
 * two implementations (memory for a single process and tests, Redis for production),
 * both held to one shared test suite (src/store/store-contract.ts).
 *
 * Nothing here ever holds card data: responses are stored as the API's own encoded
 * messages, which carry no card number, CVC or last four, and the directory keeps only
 * name, email, phone and metadata (customer-directory.ts), the ledger only ids, amounts,
 * statuses and references (payment-ledger.ts), the decline limits only ids and times
 * (decline-limits.ts).
 */

/** What a finished mutating call left behind, replayed to every retry with its key. */
export type StoredOutcome =
  | { kind: 'response'; /** base64 of the encoded response message */ body: string }
  | { kind: 'error'; code: string; message: string; field?: string };

export interface IdempotencyRecord {
  /** Hash of the request that first used the key. */
  fingerprint: string;
  outcome: StoredOutcome;
  /** Epoch milliseconds when the outcome was stored. */
  completedAt: number;
}

export type BeginResult =
  /** The key is ours: run the call, then complete() or release() with this token. */
  | { state: 'acquired'; token: string }
  /** Another call with this key is still running (its lease has not expired). */
  | { state: 'in_flight' }
  /** Finished earlier with the same request: replay it. */
  | { state: 'replay'; record: IdempotencyRecord }
  /** Finished earlier or running with a different request under the same key. */
  | { state: 'mismatch' };

/**
 * Every method rejects with TenderError 'unavailable' when the backing store cannot be
 * reached (fail closed: nothing is charged), and with 'invalid_argument' for a lease or
 * retention that is not a positive number of milliseconds.
 */
export interface IdempotencyStore {
  /**
   * Atomically claims `key` within `scope` (the tenant) for a request with
   * `fingerprint`, holding a lease of `leaseMs`. A lease outlives the slowest
   * processor call; if its holder dies, the key frees itself when the lease ends and
   * the next attempt re-sends under the same processor key (the processor's own
   * idempotency is the fence, not this lease).
   */
  begin(scope: string, key: string, fingerprint: string, leaseMs: number): Promise<BeginResult>;
  /**
   * Stores the final outcome, kept for `retentionMs`, if `token` still holds the lease.
   * Returns false, storing nothing, when it does not: the lease expired (whether or not
   * another call took the key since) or was released. `record.fingerprint` must be the
   * one begun with (else TenderError internal).
   */
  complete(
    scope: string,
    key: string,
    token: string,
    record: IdempotencyRecord,
    retentionMs: number,
  ): Promise<boolean>;
  /**
   * Extends a held lease to `leaseMs` from now, if `token` still holds it; false when it
   * does not (expired, released or taken). A running call renews its lease while it waits
   * on the processor (src/api/lease-keeper.ts), so the lease can be short: a crashed
   * holder frees its key soon, yet a slow processor call never loses it.
   */
  renew(scope: string, key: string, token: string, leaseMs: number): Promise<boolean>;
  /** Frees the key without an outcome so that a retry can run (transient failures). */
  release(scope: string, key: string, token: string): Promise<void>;
  /** Reads a finished record without claiming anything. */
  get(scope: string, key: string): Promise<IdempotencyRecord | undefined>;
}

/** One audited fact: a money movement or a change a person may need to review. */
export interface TenderEvent {
  /** Assigned by the log, increasing per tenant. */
  id?: string;
  type: string;
  tenant: string;
  accountId: string;
  /** Epoch milliseconds. */
  at: number;
  /** Flat, card-free facts: ids, amounts, statuses, decline reasons. */
  data: Record<string, string | number | boolean>;
}

export interface EventLog {
  append(event: TenderEvent): Promise<string>;
  /**
   * Oldest first, newest last. `after` (exclusive) is an id returned by append or a
   * previous read; ids are opaque strings. `limit` defaults to 100 and is capped at 1000
   * (src/store/store-limits.ts). A malformed `after` or a limit below 1 is
   * invalid_argument.
   */
  read(tenant: string, options?: { after?: string; limit?: number }): Promise<TenderEvent[]>;
}

export interface Store {
  readonly kind: 'memory' | 'redis';
  readonly idempotency: IdempotencyStore;
  readonly events: EventLog;
  /** Customers Tender keeps for processors without customer objects (customer-directory.ts). */
  readonly customers: CustomerDirectory;
  /** Payment links whose page Tender serves (payment-link-store.ts). */
  readonly links: PaymentLinkStore;
  /** Payments Tender remembers for processors without a payment lookup (payment-ledger.ts). */
  readonly payments: PaymentLedger;
  /** Decline limits per customer and payment method (decline-limits.ts). */
  readonly limits: DeclineLimitStore;
  /** Calls whose outcome is unknown, for the reconciler to settle (unsettled-calls.ts). */
  readonly unsettled: UnsettledCallStore;
  /** Resolves when the store answers; rejects (TenderError unavailable) when it does not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
