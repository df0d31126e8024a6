import type { DeclineDetail, DeclineReason } from './types.js';

/**
 * What each neutral decline reason means for the caller and for retries, in one table.
 *
 * - hard: card-network rules forbid reattempting the same method (Visa category 1,
 *   Mastercard advice codes 03/21; payments-domain.md "Declines and retries"). Lost or
 *   stolen, fraud, invalid account and explicit do-not-retry advice are hard.
 * - retry: whether the same method may succeed later (soft declines).
 * - say: a sentence safe to speak. Fraud, loss and theft are never named to the caller
 *   ("for fraud, lost or stolen cards say nothing more specific than a generic
 *   decline"); the raw reason is kept in the Decline for operations.
 */
interface Policy {
  hard: boolean;
  retry: boolean;
  say: string;
}

const OTHER_CARD = 'Would you like to try a different card?';
const GENERIC: Policy = { hard: false, retry: false, say: `That card was declined. ${OTHER_CARD}` };
const HARD_GENERIC: Policy = { ...GENERIC, hard: true };

const POLICIES: Readonly<Record<DeclineReason, Policy>> = {
  insufficient_funds: { hard: false, retry: true, say: `That card was declined by the bank. ${OTHER_CARD}` },
  generic: GENERIC,
  expired_card: { hard: false, retry: false, say: `That card has expired. ${OTHER_CARD}` },
  incorrect_cvc: { hard: false, retry: false, say: `The bank could not verify that card. ${OTHER_CARD}` },
  lost_or_stolen: HARD_GENERIC,
  suspected_fraud: HARD_GENERIC,
  authentication_required: {
    hard: false,
    retry: false,
    say: 'Your bank needs you to approve this payment yourself. I can text you a secure link to finish it.',
  },
  processing_error: {
    hard: false,
    retry: true,
    say: 'The payment could not be processed just now. I can try again in a moment, or text you a payment link.',
  },
  try_again_later: {
    hard: false,
    retry: true,
    say: 'The bank could not be reached just now. I can try again in a moment, or text you a payment link.',
  },
  invalid_account: HARD_GENERIC,
  amount_or_limit_exceeded: { hard: false, retry: true, say: `That card was declined for this amount. ${OTHER_CARD}` },
  card_not_supported: { hard: false, retry: false, say: `That card can't be used for this payment. ${OTHER_CARD}` },
  currency_not_supported: { hard: false, retry: false, say: `That card can't be used for this payment. ${OTHER_CARD}` },
  invalid_amount: { hard: false, retry: false, say: 'The payment amount was not accepted. Let me check the amount.' },
  do_not_retry: HARD_GENERIC,
  address_verification_failed: { hard: false, retry: false, say: `The bank could not verify that card. ${OTHER_CARD}` },
  duplicate_transaction: {
    hard: false,
    retry: false,
    say: 'That looks like a payment that was just made. Let me check before trying again.',
  },
  payment_method_unusable: { hard: false, retry: false, say: `That saved card can no longer be used. ${OTHER_CARD}` },
};

export interface DeclineView {
  reason: DeclineReason;
  hard: boolean;
  retryMaySucceed: boolean;
  callerMessage: string;
  processorCode: string;
  processorMessage: string;
}

/** Adds the policy to what an adapter reported. The processor's own retry advice wins. */
export function describeDecline(detail: DeclineDetail): DeclineView {
  const policy = POLICIES[detail.reason];
  return {
    reason: detail.reason,
    hard: policy.hard,
    retryMaySucceed: policy.hard ? false : (detail.retryMaySucceed ?? policy.retry),
    callerMessage: policy.say,
    processorCode: detail.processorCode,
    processorMessage: detail.processorMessage ?? '',
  };
}
