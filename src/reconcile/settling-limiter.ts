import type { DeclineLimiter, LimitTicket } from '../limits/decline-limiter.js';

/**
 * The decline limiter as seen by a re-run that settles an unknown outcome. The re-run is
 * the same attempt, not a new one: it is never refused (the money may already have
 * moved, and the truth must be found whatever the limits say now) and it takes no new
 * slot. It settles the slot the first attempt held instead, by its token: the store
 * counts a token once per window (decline-limits.ts), so the attempt counted when the
 * outcome was unknown is not counted twice, and a decline found now is counted as one.
 * A call that held no slot (nothing to count against, or a ticket that could not be
 * read back) gets a local one, which counts nothing shared.
 */
export function settlingLimiter(limiter: DeclineLimiter, held: LimitTicket | undefined): DeclineLimiter {
  return {
    ...limiter,
    async reserve(subject) {
      return held ?? { reservation: { subject, token: 'settling' }, named: subject.paymentMethodId !== '', local: true };
    },
  };
}

/** The ticket an unsettled call stored (src/reconcile/remember-unknown.ts), if it reads back. */
export function ticketFrom(json: string | undefined): LimitTicket | undefined {
  if (json === undefined) return undefined;
  try {
    const ticket = JSON.parse(json) as LimitTicket;
    return typeof ticket?.reservation?.token === 'string' && typeof ticket.reservation.subject?.tenant === 'string' ? ticket : undefined;
  } catch {
    return undefined;
  }
}
