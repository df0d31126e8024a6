import { formatMoney } from './money.js';
import type { Money, PaymentStatus, RefundStatus } from './types.js';

/**
 * One sentence per outcome that an agent can say as is. Declines take their sentence
 * from decline-policy.ts. "Outcome unknown" never sounds like a decline, and tells the
 * caller not to pay again (payments-domain.md, "Timeouts are not declines").
 */
export function paymentSentence(
  status: PaymentStatus,
  amount: Money,
  code: string,
  declineSentence: string,
): string {
  const spoken = formatMoney(amount);
  switch (status) {
    case 'succeeded':
      return `Your payment of ${spoken} went through. Your confirmation code is ${code}.`;
    case 'processing':
      return `Your payment of ${spoken} is being processed. Your confirmation code is ${code}.`;
    case 'requires_action':
      return 'Your bank needs you to approve this payment yourself. I can text you a secure link to finish it.';
    case 'declined':
      return declineSentence;
    case 'outcome_unknown':
      return "I couldn't confirm whether that payment went through. Please don't pay again; I'm checking on it now.";
    case 'canceled':
      return `That payment of ${spoken} was cancelled and you were not charged.`;
  }
}

export function refundSentence(status: RefundStatus, amount: Money): string {
  const spoken = formatMoney(amount);
  switch (status) {
    case 'succeeded':
      return `Your refund of ${spoken} has been issued. It can take 5 to 10 business days to appear.`;
    case 'pending':
      return `Your refund of ${spoken} has been requested and is being processed.`;
    case 'pending_approval':
      return `Your refund of ${spoken} needs a quick review by our team before it is issued.`;
    case 'failed':
    case 'canceled':
      return `The refund of ${spoken} could not be completed. Let me get someone to help.`;
    case 'outcome_unknown':
      return `I couldn't confirm the refund of ${spoken} just now. I'm checking on it; please don't request it again.`;
  }
}
