import { createHash } from 'node:crypto';

/**
 * Stripe's documented test payment methods (docs.stripe.com/testing) and what a charge
 * on each does. Cards are identified by their fingerprint, as on Stripe: every
 * PaymentMethod made from the same card shares it, so behaviour follows the card.
 * Only brand and last four digits are kept, never a full number.
 */
export type ChargeBehaviour =
  | { kind: 'approve' }
  /** Every charge needs 3-D Secure: off-session it declines, on-session it asks for action. */
  | { kind: 'authenticate' }
  | { kind: 'decline'; decline: Decline };

export interface Decline {
  code: string;
  declineCode: string;
  message: string;
  param?: string;
  /** Stripe blocked it before the network (Radar), rather than the issuer declining. */
  blockedByRadar?: boolean;
}

export interface TestCard {
  brand: 'visa' | 'mastercard' | 'amex';
  last4: string;
  funding: 'credit' | 'debit';
  country: string;
  fingerprint: string;
  behaviour: ChargeBehaviour;
}

const CARD_DECLINED = 'Your card was declined.';

function card(name: string, brand: TestCard['brand'], last4: string, behaviour: ChargeBehaviour): TestCard {
  const fingerprint = createHash('sha256').update(`tender-sandbox-card:${name}`).digest('base64url').slice(0, 16);
  return { brand, last4, funding: 'credit', country: 'US', fingerprint, behaviour };
}

function declined(code: string, declineCode: string, message: string, extra: Partial<Decline> = {}): ChargeBehaviour {
  return { kind: 'decline', decline: { code, declineCode, message, ...extra } };
}

export const CARDS = {
  visa: card('visa', 'visa', '4242', { kind: 'approve' }),
  mastercard: card('mastercard', 'mastercard', '4444', { kind: 'approve' }),
  amex: card('amex', 'amex', '8431', { kind: 'approve' }),
  genericDecline: card('generic_decline', 'visa', '0002', declined('card_declined', 'generic_decline', CARD_DECLINED)),
  insufficientFunds: card(
    'insufficient_funds',
    'visa',
    '9995',
    declined('card_declined', 'insufficient_funds', 'Your card has insufficient funds.'),
  ),
  lostCard: card('lost_card', 'visa', '9987', declined('card_declined', 'lost_card', CARD_DECLINED)),
  stolenCard: card('stolen_card', 'visa', '9979', declined('card_declined', 'stolen_card', CARD_DECLINED)),
  expiredCard: card(
    'expired_card',
    'visa',
    '0069',
    declined('expired_card', 'expired_card', 'Your card has expired.', { param: 'exp_month' }),
  ),
  incorrectCvc: card(
    'incorrect_cvc',
    'visa',
    '0127',
    declined('incorrect_cvc', 'incorrect_cvc', "Your card's security code is incorrect.", { param: 'cvc' }),
  ),
  processingError: card(
    'processing_error',
    'visa',
    '0119',
    declined(
      'processing_error',
      'processing_error',
      'An error occurred while processing your card. Try again in a little bit.',
    ),
  ),
  customerFail: card('charge_customer_fail', 'visa', '0341', declined('card_declined', 'generic_decline', CARD_DECLINED)),
  radarBlock: card(
    'radar_block',
    'visa',
    '0019',
    declined('card_declined', 'fraudulent', CARD_DECLINED, { blockedByRadar: true }),
  ),
  authenticationRequired: card('authentication_required', 'visa', '3184', { kind: 'authenticate' }),
} satisfies Record<string, TestCard>;

/** The documented `pm_card_*` ids; using one makes a new PaymentMethod for that card. */
export const TEST_PAYMENT_METHODS: Readonly<Record<string, TestCard>> = {
  pm_card_visa: CARDS.visa,
  pm_card_mastercard: CARDS.mastercard,
  pm_card_amex: CARDS.amex,
  pm_card_visa_chargeDeclined: CARDS.genericDecline,
  pm_card_visa_chargeDeclinedInsufficientFunds: CARDS.insufficientFunds,
  pm_card_visa_chargeDeclinedLostCard: CARDS.lostCard,
  pm_card_visa_chargeDeclinedStolenCard: CARDS.stolenCard,
  pm_card_chargeDeclinedExpiredCard: CARDS.expiredCard,
  pm_card_chargeDeclinedIncorrectCvc: CARDS.incorrectCvc,
  pm_card_chargeDeclinedProcessingError: CARDS.processingError,
  pm_card_chargeCustomerFail: CARDS.customerFail,
  pm_card_radarBlock: CARDS.radarBlock,
  pm_card_authenticationRequired: CARDS.authenticationRequired,
};

export function testCardFor(paymentMethodId: string): TestCard | undefined {
  return Object.hasOwn(TEST_PAYMENT_METHODS, paymentMethodId) ? TEST_PAYMENT_METHODS[paymentMethodId] : undefined;
}

const BY_FINGERPRINT = new Map(Object.values(CARDS).map((testCard) => [testCard.fingerprint, testCard]));

/** A card the sandbox does not know charges successfully. */
export function behaviourOf(fingerprint: string | null): ChargeBehaviour {
  return (fingerprint && BY_FINGERPRINT.get(fingerprint)?.behaviour) || { kind: 'approve' };
}
