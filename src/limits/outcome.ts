import { isTenderError } from '../core/errors.js';
import { describeDecline } from '../core/decline-policy.js';
import type { Payment } from '../core/types.js';
import type { LimitOutcome } from '../store/decline-limits.js';

/**
 * What a charge's result counts as (src/store/decline-limits.ts, LimitOutcome). Only a
 * decline is a decline: an unknown outcome may have moved money ("Timeouts are not
 * declines"), a charge needing the cardholder's authentication was not refused by the
 * issuer, and one still processing has not been; each of those is an attempt on the
 * method. Hard or soft comes from the decline policy (src/core/decline-policy.ts).
 */
export function limitOutcomeOf(payment: Payment): LimitOutcome {
  switch (payment.status) {
    case 'succeeded':
      return 'success';
    case 'declined':
      return payment.decline && describeDecline(payment.decline).hard ? 'hard_decline' : 'decline';
    case 'processing':
    case 'requires_action':
    case 'outcome_unknown':
    case 'canceled':
      return 'attempt';
  }
}

/**
 * A charge that threw: when it is known not to have reached the processor nothing is
 * counted; otherwise the processor may have acted on it, so it is an attempt.
 */
export function limitOutcomeOfFailure(error: unknown): LimitOutcome {
  return isTenderError(error) && !error.processorReached ? 'none' : 'attempt';
}
