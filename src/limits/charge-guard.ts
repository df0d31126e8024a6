import type { Logger } from 'pino';
import type { Payment } from '../core/types.js';
import type { LimitSubject } from '../store/decline-limits.js';
import type { DeclineLimiter, LimitTicket } from './decline-limiter.js';
import { limitOutcomeOf, limitOutcomeOfFailure } from './outcome.js';

export interface GuardedCharge {
  subject: LimitSubject;
  /** The customer's current default payment method (neutral id, '' for none). */
  resolveDefault(): Promise<string>;
  /** Sends the charge to the processor. */
  send(): Promise<Payment>;
  /** The neutral id of the method a payment charged, '' when it names none. */
  methodOf(payment: Payment): string;
  logger: Logger;
}

/** A charge's result and the reservation it held, which settling an unknown outcome reuses. */
export interface LimitedCharge {
  payment: Payment;
  ticket: LimitTicket;
  /**
   * The outcome being counted; never rejects. Left for the caller to await alongside its
   * other writes after the charge (runIdempotent's `meanwhile`): until it lands, the slot
   * still counts as a possible decline, which only errs on the safe side.
   */
  counted: Promise<void>;
}

/**
 * One charge under the decline limits: reserve (or throw DeclineLimitReached, the
 * processor untouched), send, then count the outcome. Callers run this inside the
 * idempotent section (runIdempotent's work), so an idempotent replay never reaches it and
 * counts nothing, and a refusal releases the idempotency key like any failure.
 */
export async function chargeWithinLimits(limiter: DeclineLimiter, charge: GuardedCharge): Promise<LimitedCharge> {
  const ticket = await limiter.reserve(charge.subject, charge.resolveDefault, charge.logger);
  let payment: Payment;
  try {
    payment = await charge.send();
  } catch (error) {
    await limiter.settle(ticket, limitOutcomeOfFailure(error), '', charge.logger);
    throw error;
  }
  const counted = limiter.settle(ticket, limitOutcomeOf(payment), charge.methodOf(payment), charge.logger);
  return { payment, ticket, counted };
}
