import type { DeclineDetail, DeclineReason } from '../../core/types.js';

/**
 * The one table from Stripe's decline vocabulary to the neutral DeclineReason. Keys are
 * both issuer `decline_code`s (https://docs.stripe.com/declines/codes) and the error
 * `code`s Stripe puts on a card error (https://docs.stripe.com/error-codes); a
 * `decline_code` is looked up first because it is the more specific of the two. Codes
 * that are not here read as `generic`: the core then treats the decline as a plain
 * "declined" and the raw code still reaches operations through `processorCode`.
 */
const REASON_BY_STRIPE_CODE: Readonly<Record<string, DeclineReason>> = {
  insufficient_funds: 'insufficient_funds',

  generic_decline: 'generic',
  do_not_honor: 'generic',
  card_declined: 'generic',
  call_issuer: 'generic',
  approve_with_id: 'generic',
  no_action_taken: 'generic',
  not_permitted: 'generic',
  payment_method_provider_decline: 'generic',
  payment_method_customer_decline: 'generic',

  expired_card: 'expired_card',
  expired_payment_method: 'expired_card',
  invalid_expiry_month: 'expired_card',
  invalid_expiry_year: 'expired_card',

  incorrect_cvc: 'incorrect_cvc',
  invalid_cvc: 'incorrect_cvc',

  lost_card: 'lost_or_stolen',
  stolen_card: 'lost_or_stolen',
  pickup_card: 'lost_or_stolen',
  // Stripe: "the card cannot be used ... it may have been reported lost or stolen".
  restricted_card: 'lost_or_stolen',

  fraudulent: 'suspected_fraud',
  merchant_blacklist: 'suspected_fraud',
  stop_payment_order: 'suspected_fraud',
  security_violation: 'suspected_fraud',

  authentication_required: 'authentication_required',
  offline_pin_required: 'authentication_required',
  online_or_offline_pin_required: 'authentication_required',

  processing_error: 'processing_error',

  try_again_later: 'try_again_later',
  issuer_not_available: 'try_again_later',
  reenter_transaction: 'try_again_later',
  card_decline_rate_limit_exceeded: 'try_again_later',
  payment_method_provider_timeout: 'try_again_later',

  invalid_account: 'invalid_account',
  incorrect_number: 'invalid_account',
  invalid_number: 'invalid_account',
  new_account_information_available: 'invalid_account',
  // A Stripe test card used in live mode: the number is not valid where it was sent.
  testmode_decline: 'invalid_account',

  card_velocity_exceeded: 'amount_or_limit_exceeded',
  withdrawal_count_limit_exceeded: 'amount_or_limit_exceeded',
  amount_too_large: 'amount_or_limit_exceeded',
  charge_exceeds_source_limit: 'amount_or_limit_exceeded',
  charge_exceeds_transaction_limit: 'amount_or_limit_exceeded',

  card_not_supported: 'card_not_supported',
  service_not_allowed: 'card_not_supported',
  transaction_not_allowed: 'card_not_supported',
  invalid_card_type: 'card_not_supported',

  currency_not_supported: 'currency_not_supported',

  invalid_amount: 'invalid_amount',
  amount_too_small: 'invalid_amount',
  invalid_charge_amount: 'invalid_amount',

  previously_declined_do_not_retry: 'do_not_retry',
  revocation_of_authorization: 'do_not_retry',
  revocation_of_all_authorizations: 'do_not_retry',
  do_not_try_again: 'do_not_retry',

  incorrect_zip: 'address_verification_failed',
  incorrect_address: 'address_verification_failed',
  incorrect_postal_code: 'address_verification_failed',

  duplicate_transaction: 'duplicate_transaction',

  // Card-present PIN problems and unusable instruments cannot be fixed during an
  // off-session call: the method is unusable for this payment.
  incorrect_pin: 'payment_method_unusable',
  invalid_pin: 'payment_method_unusable',
  pin_try_exceeded: 'payment_method_unusable',
  payment_method_unactivated: 'payment_method_unusable',
  payment_method_restricted: 'payment_method_unusable',
  payment_method_not_available: 'payment_method_unusable',
};

/** The parts of a Stripe card error (or a PaymentIntent's last_payment_error) we read. */
export interface StripeDeclineFields {
  code?: string | null;
  decline_code?: string | null;
  advice_code?: string | null;
  message?: string | null;
}

export function declineReasonOf(code: string | null | undefined): DeclineReason | undefined {
  return code ? REASON_BY_STRIPE_CODE[code] : undefined;
}

/**
 * Builds the neutral DeclineDetail. `processorCode` keeps the most specific raw code
 * for fraud review; `retryMaySucceed` follows Stripe's `advice_code`
 * (https://docs.stripe.com/declines/codes#advice-codes) and is left unset when Stripe
 * gives no advice, so that the core's own hard/soft rule applies.
 */
export function declineDetailOf(fields: StripeDeclineFields): DeclineDetail {
  const reason =
    declineReasonOf(fields.decline_code) ?? declineReasonOf(fields.code) ?? 'generic';
  const detail: DeclineDetail = {
    reason,
    processorCode: fields.decline_code || fields.code || 'unknown',
  };
  if (fields.message) detail.processorMessage = fields.message;
  if (fields.advice_code === 'do_not_try_again') detail.retryMaySucceed = false;
  if (fields.advice_code === 'try_again_later') detail.retryMaySucceed = true;
  return detail;
}
