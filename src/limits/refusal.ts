import { TenderError } from '../core/errors.js';
import type { ScopeReading } from '../store/decline-limits.js';

/**
 * Sentences safe to speak when a limit refuses a charge. They name no reason: a method
 * may be blocked by a lost, stolen or fraud decline, which the caller is never told
 * (payments-domain.md, "Caller-facing language"); they offer what still works, a payment
 * link or a person, and for one card, another card.
 */
export const CUSTOMER_LIMIT_SUGGESTION =
  "I'm not able to take another card payment on this call right now. I can text you a secure link to pay, or connect you with someone from our team.";
export const METHOD_LIMIT_SUGGESTION =
  "I'm not able to charge that card right now. Would you like to use a different card, or shall I text you a secure link to pay?";

/**
 * A charge refused by a decline limit before it reached the processor: RESOURCE_EXHAUSTED,
 * with the seconds until the next attempt is allowed (also sent as the trailer
 * "retry-after-seconds") and a sentence for the caller, both in the message. The field is
 * customer_id when the customer's limit refused, else payment_method_id.
 */
export class DeclineLimitReached extends TenderError {
  readonly retryAfterSeconds: number;
  /** The limits that refused (retryAfterMs > 0). */
  readonly refusedBy: readonly ScopeReading[];

  constructor(readings: readonly ScopeReading[]) {
    const refusedBy = readings.filter((reading) => reading.retryAfterMs > 0);
    const byCustomer = refusedBy.some((reading) => reading.scope === 'customer_declines');
    // The next charge like this one needs every refusing limit to have room again.
    const retryAfterSeconds = Math.max(1, Math.ceil(Math.max(0, ...refusedBy.map((reading) => reading.retryAfterMs)) / 1000));
    const message = byCustomer
      ? `customer_id: too many declined or unfinished charges for this customer; nothing was charged. ` +
        `The next attempt is allowed in ${retryAfterSeconds} seconds. Say to the caller: "${CUSTOMER_LIMIT_SUGGESTION}"`
      : `payment_method_id: card-network retry rules do not allow charging this payment method again yet; nothing was charged. ` +
        `The next attempt on it is allowed in ${retryAfterSeconds} seconds. Say to the caller: "${METHOD_LIMIT_SUGGESTION}"`;
    super('resource_exhausted', message, { field: byCustomer ? 'customer_id' : 'payment_method_id' });
    this.name = 'DeclineLimitReached';
    this.retryAfterSeconds = retryAfterSeconds;
    this.refusedBy = refusedBy;
  }
}
