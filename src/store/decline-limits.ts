/**
 * Decline limits: what Tender counts so that a declining card is not hammered
 * (payments-domain.md, "Declines and retries"). Per tenant and customer, and per payment
 * method of that customer:
 *
 * - customer declines in a window (card-testing defence: count failures per customer,
 *   with expiry);
 * - method attempts since the method's last success, in a window (Visa: at most 15
 *   reattempts of a declined card in 30 days; an approval ends the run of reattempts);
 * - method declines in a window (Mastercard: more than 10 declines on a card in 24 h is
 *   excessive);
 * - a hard decline blocks the method for a while (Visa category 1, Mastercard advice
 *   codes 03/21: never reattempt).
 *
 * The store only counts and compares; the numbers (rules) come from the caller, per
 * tenant (src/limits/). A charge first reserves a slot: one atomic step checks every
 * applicable limit, counting charges still in flight as if they would decline, so
 * concurrent charges cannot overshoot; the reservation holds a lease, so a crashed
 * instance cannot leak it. The outcome then settles the reservation into counts.
 *
 * Only ids, times and counts are kept: no card data, amounts or decline codes.
 */

/** At most `limit` counted events within `windowMs`. */
export interface WindowRule {
  limit: number;
  windowMs: number;
}

export interface DeclineLimitRules {
  customerDeclines: WindowRule;
  /** Counted since the method's last success. */
  methodAttempts: WindowRule;
  methodDeclines: WindowRule;
  /** How long a hard decline blocks its payment method. */
  hardDeclineBlockMs: number;
}

export interface LimitSubject {
  tenant: string;
  /** Neutral customer id ("<account>:<processor's id>"). */
  customerId: string;
  /** Neutral payment method id, or '' when the charge names none. */
  paymentMethodId: string;
}

export type LimitScope = 'customer_declines' | 'method_attempts' | 'method_declines' | 'method_blocked';

/** One limit as it stands now. */
export interface ScopeReading {
  scope: LimitScope;
  /** Finished events in the window: declines or attempts; 1 while a hard decline blocks. */
  count: number;
  /** Reservations still held, counted against the limit as if they would decline. */
  inFlight: number;
  /** 1 for a hard-decline block. */
  limit: number;
  /** The window; for a hard-decline block, how long one blocks. */
  windowMs: number;
  /** 0 when one more charge fits; otherwise milliseconds until one does. */
  retryAfterMs: number;
}

export interface Reservation {
  subject: LimitSubject;
  token: string;
}

export type ReserveResult =
  | { state: 'reserved'; reservation: Reservation }
  /** Nothing reserved; `readings` holds every applicable limit, the full ones with retryAfterMs > 0. */
  | { state: 'refused'; readings: ScopeReading[] };

/**
 * What a reserved charge came to, for counting:
 * - success: ends the method's run of reattempts (its attempt count starts again);
 * - attempt: counts against the method's attempts only (outcome unknown, authentication
 *   required, still processing): it is not a decline;
 * - decline / hard_decline: a decline of the customer and the method, which is also an
 *   attempt; a hard one blocks the method;
 * - none: nothing reached the processor; the reservation is released.
 */
export type LimitOutcome = 'success' | 'attempt' | 'decline' | 'hard_decline' | 'none';

export interface Settlement {
  outcome: LimitOutcome;
  /**
   * The method the processor charged (neutral id), or '' when unknown. It may fill in the
   * customer's default when the reservation named none, or correct a presumed one.
   */
  paymentMethodId: string;
  /** True when the charge named no method: `paymentMethodId` is then remembered as the customer's default. */
  chargedDefault: boolean;
}

/**
 * Every method rejects with TenderError 'unavailable' when the backing store cannot be
 * reached, and with 'invalid_argument' for an empty tenant or customer id or rules that
 * are not positive whole numbers.
 */
export interface DeclineLimitStore {
  /** Checks every limit of `subject` and, when all have room, holds a slot for `leaseMs`. */
  reserve(subject: LimitSubject, rules: DeclineLimitRules, leaseMs: number): Promise<ReserveResult>;
  /** Releases the reservation and counts its outcome. Settling twice counts once. */
  settle(reservation: Reservation, settlement: Settlement, rules: DeclineLimitRules): Promise<void>;
  /** The limits of `subject` (the method's too when it names one), changing nothing. */
  read(subject: LimitSubject, rules: DeclineLimitRules): Promise<ScopeReading[]>;
  /**
   * Clears the customer's declines and, when `subject` names a method, that method's
   * attempts, declines and block. Reservations in flight stay: their charges are running.
   */
  reset(subject: LimitSubject): Promise<void>;
  /** What is known of the customer's default method, for a charge that names none. */
  defaultMethodHint(tenant: string, customerId: string): Promise<DefaultMethodHint>;
}

export interface DefaultMethodHint {
  /** The method the customer's last charge without a named method went to, or ''. */
  remembered: string;
  /**
   * True while a decline of any of the customer's methods may still count (the longest
   * method window): the default may be a limited method even if no charge naming none
   * has told which it is.
   */
  methodDeclined: boolean;
}
