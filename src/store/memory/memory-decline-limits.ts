import { randomUUID } from 'node:crypto';
import {
  blockReading, chargedMethod, checkedLease, checkedRules, checkedSubject, defaultMethodRetentionMs, windowReading,
} from '../decline-limit-rules.js';
import type { DeclineLimitRules, DeclineLimitStore, LimitSubject, ScopeReading } from '../decline-limits.js';

/** Customers tracked by one process; the least recently charged go first beyond it. */
export const DEFAULT_MEMORY_LIMIT_CAPACITY = 100_000;

/** Event maps are keyed by reservation token, so settling twice counts once. */
type Times = Map<string, number>;

interface MethodEntry {
  attempts: Times;
  declines: Times;
  /** Token -> lease end. */
  held: Times;
  blockedUntil: number;
}

interface CustomerEntry {
  declines: Times;
  held: Times;
  lastDefault?: { method: string; until: number };
  /** Until when a decline of one of its methods may count (DefaultMethodHint.methodDeclined). */
  methodDeclinedUntil: number;
  methods: Map<string, MethodEntry>;
}

/**
 * Decline limits for one process: tests, a single instance, and the local fallback when
 * the shared store is down (src/limits/). Every method runs without awaiting anything,
 * so each check-and-reserve is atomic with respect to every other call, like the Redis
 * scripts. Times come from Date.now().
 */
export function createMemoryDeclineLimits(capacity = DEFAULT_MEMORY_LIMIT_CAPACITY): DeclineLimitStore {
  const customers = new Map<string, CustomerEntry>();
  const keyOf = (tenant: string, customerId: string): string => JSON.stringify([tenant, customerId]);

  /** The entry, moved to the newest end; created when `create`, dropping the oldest beyond capacity. */
  const entryOf = (subject: LimitSubject, create: boolean): CustomerEntry | undefined => {
    const key = keyOf(subject.tenant, subject.customerId);
    const entry = customers.get(key) ?? (create ? { declines: new Map(), held: new Map(), methods: new Map(), methodDeclinedUntil: 0 } : undefined);
    if (entry === undefined) return undefined;
    customers.delete(key);
    customers.set(key, entry);
    while (customers.size > capacity) customers.delete(customers.keys().next().value as string);
    return entry;
  };

  const methodOf = (entry: CustomerEntry, method: string): MethodEntry => {
    let found = entry.methods.get(method);
    if (!found) {
      found = { attempts: new Map(), declines: new Map(), held: new Map(), blockedUntil: 0 };
      entry.methods.set(method, found);
    }
    return found;
  };

  const readingsOf = (entry: CustomerEntry | undefined, method: string, rules: DeclineLimitRules, now: number): ScopeReading[] => {
    const times = (map: Times | undefined): number[] => [...(map?.values() ?? [])];
    const readings = [windowReading('customer_declines', times(entry?.declines), times(entry?.held), rules.customerDeclines, now)];
    if (method === '') return readings;
    const found = entry?.methods.get(method);
    readings.push(
      windowReading('method_attempts', times(found?.attempts), times(found?.held), rules.methodAttempts, now),
      windowReading('method_declines', times(found?.declines), times(found?.held), rules.methodDeclines, now),
      blockReading(found?.blockedUntil ?? 0, rules.hardDeclineBlockMs, now),
    );
    return readings;
  };

  return {
    async reserve(given, givenRules, leaseMs) {
      const subject = checkedSubject(given);
      const rules = checkedRules(givenRules);
      const lease = checkedLease(leaseMs);
      const now = Date.now();
      const readings = readingsOf(entryOf(subject, false), subject.paymentMethodId, rules, now);
      if (readings.some((reading) => reading.retryAfterMs > 0)) return { state: 'refused', readings };
      const entry = entryOf(subject, true)!;
      const token = randomUUID();
      entry.held.set(token, now + lease);
      if (subject.paymentMethodId !== '') methodOf(entry, subject.paymentMethodId).held.set(token, now + lease);
      prune(entry, rules, now);
      return { state: 'reserved', reservation: { subject, token } };
    },

    async settle(reservation, settlement, givenRules) {
      const subject = checkedSubject(reservation.subject);
      const rules = checkedRules(givenRules);
      const method = chargedMethod(subject.paymentMethodId, settlement.paymentMethodId);
      const { token } = reservation;
      const now = Date.now();
      const entry = entryOf(subject, true)!;
      entry.held.delete(token);
      entry.methods.get(subject.paymentMethodId)?.held.delete(token);
      if (settlement.chargedDefault && settlement.paymentMethodId !== '') {
        entry.lastDefault = { method: settlement.paymentMethodId, until: now + defaultMethodRetentionMs(rules) };
      }
      const { outcome } = settlement;
      const declined = outcome === 'decline' || outcome === 'hard_decline';
      if (declined) setOnce(entry.declines, token, now);
      if (method !== '' && outcome !== 'none') {
        const found = methodOf(entry, method);
        if (outcome === 'success') found.attempts.clear();
        else setOnce(found.attempts, token, now);
        if (declined) {
          setOnce(found.declines, token, now);
          entry.methodDeclinedUntil = now + defaultMethodRetentionMs(rules);
        }
        if (outcome === 'hard_decline') found.blockedUntil = Math.max(found.blockedUntil, now + rules.hardDeclineBlockMs);
      }
      prune(entry, rules, now);
    },

    async read(given, givenRules) {
      const subject = checkedSubject(given);
      return readingsOf(customers.get(keyOf(subject.tenant, subject.customerId)), subject.paymentMethodId, checkedRules(givenRules), Date.now());
    },

    async reset(given) {
      const subject = checkedSubject(given);
      const entry = customers.get(keyOf(subject.tenant, subject.customerId));
      if (!entry) return;
      entry.declines.clear();
      const found = entry.methods.get(subject.paymentMethodId);
      if (found) {
        found.attempts.clear();
        found.declines.clear();
        found.blockedUntil = 0;
      }
    },

    async defaultMethodHint(tenant, customerId) {
      const subject = checkedSubject({ tenant, customerId, paymentMethodId: '' });
      const entry = customers.get(keyOf(subject.tenant, subject.customerId));
      const now = Date.now();
      const remembered = entry?.lastDefault && entry.lastDefault.until > now ? entry.lastDefault.method : '';
      return { remembered, methodDeclined: (entry?.methodDeclinedUntil ?? 0) > now };
    },
  };
}

function setOnce(times: Times, token: string, at: number): void {
  if (!times.has(token)) times.set(token, at);
}

/** Drops what no longer counts, so an entry holds at most a window's worth. */
function prune(entry: CustomerEntry, rules: DeclineLimitRules, now: number): void {
  dropBefore(entry.declines, now - rules.customerDeclines.windowMs);
  dropBefore(entry.held, now);
  for (const [method, found] of entry.methods) {
    dropBefore(found.attempts, now - rules.methodAttempts.windowMs);
    dropBefore(found.declines, now - rules.methodDeclines.windowMs);
    dropBefore(found.held, now);
    const empty = found.attempts.size + found.declines.size + found.held.size === 0 && found.blockedUntil <= now;
    if (empty) entry.methods.delete(method);
  }
}

function dropBefore(times: Times, threshold: number): void {
  for (const [token, at] of times) if (at <= threshold) times.delete(token);
}
