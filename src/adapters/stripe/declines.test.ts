import { describe, expect, it } from 'vitest';
import type { DeclineReason } from '../../core/types.js';
import { declineDetailOf, declineReasonOf } from './declines.js';

describe('Stripe decline table', () => {
  const expected: Array<[string, DeclineReason]> = [
    ['insufficient_funds', 'insufficient_funds'],
    ['generic_decline', 'generic'],
    ['do_not_honor', 'generic'],
    ['card_declined', 'generic'],
    ['expired_card', 'expired_card'],
    ['incorrect_cvc', 'incorrect_cvc'],
    ['invalid_cvc', 'incorrect_cvc'],
    ['lost_card', 'lost_or_stolen'],
    ['stolen_card', 'lost_or_stolen'],
    ['pickup_card', 'lost_or_stolen'],
    ['fraudulent', 'suspected_fraud'],
    ['merchant_blacklist', 'suspected_fraud'],
    ['stop_payment_order', 'suspected_fraud'],
    ['authentication_required', 'authentication_required'],
    ['processing_error', 'processing_error'],
    ['try_again_later', 'try_again_later'],
    ['issuer_not_available', 'try_again_later'],
    ['reenter_transaction', 'try_again_later'],
    ['invalid_account', 'invalid_account'],
    ['incorrect_number', 'invalid_account'],
    ['invalid_number', 'invalid_account'],
    ['new_account_information_available', 'invalid_account'],
    ['card_velocity_exceeded', 'amount_or_limit_exceeded'],
    ['withdrawal_count_limit_exceeded', 'amount_or_limit_exceeded'],
    ['amount_too_large', 'amount_or_limit_exceeded'],
    ['card_not_supported', 'card_not_supported'],
    ['currency_not_supported', 'currency_not_supported'],
    ['invalid_amount', 'invalid_amount'],
    ['previously_declined_do_not_retry', 'do_not_retry'],
    ['revocation_of_authorization', 'do_not_retry'],
    ['revocation_of_all_authorizations', 'do_not_retry'],
    ['duplicate_transaction', 'duplicate_transaction'],
    ['incorrect_zip', 'address_verification_failed'],
  ];

  it.each(expected)('maps %s to %s', (code, reason) => {
    expect(declineReasonOf(code)).toBe(reason);
  });

  it('does not know codes Stripe never documented', () => {
    expect(declineReasonOf('made_up_code')).toBeUndefined();
    expect(declineReasonOf(undefined)).toBeUndefined();
  });
});

describe('declineDetailOf', () => {
  it('prefers the issuer decline_code over the generic error code and keeps it raw', () => {
    const detail = declineDetailOf({
      code: 'card_declined',
      decline_code: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
    });
    expect(detail).toEqual({
      reason: 'insufficient_funds',
      processorCode: 'insufficient_funds',
      processorMessage: 'Your card has insufficient funds.',
    });
  });

  it('falls back to the error code when there is no decline_code', () => {
    expect(declineDetailOf({ code: 'incorrect_cvc' })).toEqual({
      reason: 'incorrect_cvc',
      processorCode: 'incorrect_cvc',
    });
  });

  it('reads an unknown code as generic and still keeps the raw code', () => {
    expect(declineDetailOf({ code: 'card_declined', decline_code: 'brand_new_reason' })).toMatchObject({
      reason: 'generic',
      processorCode: 'brand_new_reason',
    });
  });

  it('follows Stripe advice codes on retries, and says nothing without one', () => {
    expect(declineDetailOf({ code: 'card_declined', advice_code: 'do_not_try_again' }).retryMaySucceed).toBe(false);
    expect(declineDetailOf({ code: 'card_declined', advice_code: 'try_again_later' }).retryMaySucceed).toBe(true);
    expect(declineDetailOf({ code: 'card_declined' })).not.toHaveProperty('retryMaySucceed');
  });
});
