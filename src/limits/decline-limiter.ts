import type { Logger } from 'pino';
import { TenderError, isTenderError } from '../core/errors.js';
import type {
  DeclineLimitRules, DeclineLimitStore, LimitOutcome, LimitSubject, Reservation, ScopeReading,
} from '../store/decline-limits.js';
import { createMemoryDeclineLimits } from '../store/memory/memory-decline-limits.js';
import { createFailOpenAllowance, type FailOpenAllowance } from './fail-open.js';
import { DeclineLimitReached } from './refusal.js';
import { rulesOf, type DeclineLimitSettings } from './settings.js';

export interface DeclineLimiterOptions {
  /** The shared store (Store.limits). */
  store: DeclineLimitStore;
  /** A tenant's settings; the defaults (settings.ts) where it configures none. */
  settingsFor(tenant: string): DeclineLimitSettings;
  /** How long a reservation holds: as long as a charge may run (the idempotency lease). */
  leaseMs: number;
  /** Counts charges while the shared store is down; a fresh memory store by default. */
  local?: DeclineLimitStore;
  /** Charges this process lets through per minute while the shared store is down. */
  failOpenPerMinute?: number;
}

/** A held reservation, and where it is held. */
export interface LimitTicket {
  reservation: Reservation;
  /** False when the charge named no payment method (the customer's default is charged). */
  named: boolean;
  local: boolean;
}

export interface DeclineLimiter {
  /**
   * Reserves a slot for one charge of `subject`, or throws DeclineLimitReached.
   * `resolveDefault` gives the customer's current default method (neutral id, '' for
   * none); it is asked only for a charge naming no method, and only when a limit of a
   * method of the customer may apply (presumedDefault).
   */
  reserve(subject: LimitSubject, resolveDefault: () => Promise<string>, logger: Logger): Promise<LimitTicket>;
  /** Counts the outcome. Never throws: the charge has happened; a lost count only frees its slot at lease end. */
  settle(ticket: LimitTicket, outcome: LimitOutcome, chargedMethodId: string, logger: Logger): Promise<void>;
  read(subject: LimitSubject): Promise<ScopeReading[]>;
  reset(subject: LimitSubject): Promise<void>;
  rulesFor(tenant: string): DeclineLimitRules;
}

/** Marks a failure of the shared store, as opposed to the processor's (resolveDefault). */
class SharedStoreDown extends Error {}

/**
 * Decline limits per tenant on the shared store, failing open with a local cap when that
 * store is down. payments-domain.md ("Redis"): idempotency store down -> fail closed;
 * rate limiter down -> fail open with a local cap. Both live on the same Redis, and
 * runIdempotent asks the idempotency store first, so a Redis outage already fails the
 * charge closed before it gets here; this path serves the limits store alone failing
 * (a blip between the two calls). The charge then goes ahead, counted by this process
 * alone in a memory store with the tenant's rules, and only up to a small number of such
 * charges per process per minute (fail-open.ts); past that it fails closed too.
 */
export function createDeclineLimiter(options: DeclineLimiterOptions): DeclineLimiter {
  const { store: shared, leaseMs } = options;
  const local = options.local ?? createMemoryDeclineLimits();
  const allowance: FailOpenAllowance = createFailOpenAllowance(options.failOpenPerMinute);
  const rules = new Map<string, DeclineLimitRules>();
  const rulesFor = (tenant: string): DeclineLimitRules => {
    let found = rules.get(tenant);
    if (!found) rules.set(tenant, (found = rulesOf(options.settingsFor(tenant))));
    return found;
  };

  const fromShared = <T>(call: () => Promise<T>): Promise<T> =>
    call().catch((error: unknown) => {
      throw isTenderError(error) && error.code === 'unavailable' ? new SharedStoreDown('decline limits store unavailable', { cause: error }) : error;
    });

  /**
   * A charge naming no method is checked against the customer's default too: the one the
   * last such charge went to, or, when none is remembered but a method of the customer
   * has declined, the one the processor names now. Only then is the processor asked, and
   * again when the remembered default is refused: it may have changed since.
   */
  async function presumedDefault(store: DeclineLimitStore, guard: typeof fromShared, subject: LimitSubject, resolveDefault: () => Promise<string>) {
    const hint = await guard(() => store.defaultMethodHint(subject.tenant, subject.customerId));
    if (hint.remembered !== '') return { method: hint.remembered, fresh: false };
    return { method: hint.methodDeclined ? await resolveDefault() : '', fresh: true };
  }

  async function reserveIn(store: DeclineLimitStore, guard: typeof fromShared, subject: LimitSubject, resolveDefault: () => Promise<string>) {
    const given = rulesFor(subject.tenant);
    const named = subject.paymentMethodId !== '';
    const presumed = named ? { method: subject.paymentMethodId, fresh: true } : await presumedDefault(store, guard, subject, resolveDefault);
    let result = await guard(() => store.reserve({ ...subject, paymentMethodId: presumed.method }, given, leaseMs));
    const byMethodOnly = result.state === 'refused' && result.readings.every((r) => r.scope !== 'customer_declines' || r.retryAfterMs === 0);
    if (byMethodOnly && !presumed.fresh) {
      const actual = await resolveDefault();
      if (actual !== presumed.method) result = await guard(() => store.reserve({ ...subject, paymentMethodId: actual }, given, leaseMs));
    }
    if (result.state === 'refused') throw new DeclineLimitReached(result.readings);
    return { reservation: result.reservation, named };
  }

  return {
    async reserve(subject, resolveDefault, logger) {
      try {
        return { ...(await reserveIn(shared, fromShared, subject, resolveDefault)), local: false };
      } catch (error) {
        if (!(error instanceof SharedStoreDown)) throw error;
        if (!allowance.take()) {
          logger.error({ err: error.cause }, 'decline limits store unavailable and the local allowance is used up: charge refused');
          throw new TenderError('unavailable', 'decline limits cannot be checked right now; nothing was charged. Retry shortly.');
        }
        logger.warn({ err: error.cause }, 'decline limits store unavailable: counting this charge locally (fail open with a local cap)');
        try {
          return { ...(await reserveIn(local, (call) => call(), subject, resolveDefault)), local: true };
        } catch (refusal) {
          allowance.giveBack();
          throw refusal;
        }
      }
    },

    async settle(ticket, outcome, chargedMethodId, logger) {
      const store = ticket.local ? local : shared;
      const settlement = { outcome, paymentMethodId: chargedMethodId, chargedDefault: !ticket.named };
      await store.settle(ticket.reservation, settlement, rulesFor(ticket.reservation.subject.tenant)).catch((error: unknown) => {
        logger.error({ err: error, outcome }, 'decline limits could not count a charge; its reservation frees itself at lease end');
      });
    },

    read: (subject) => shared.read(subject, rulesFor(subject.tenant)),

    async reset(subject) {
      await shared.reset(subject);
      await local.reset(subject);
    },

    rulesFor,
  };
}
