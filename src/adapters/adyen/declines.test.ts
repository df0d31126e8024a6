import { describe, expect, it } from 'vitest';
import { declineDetailOf, declineReasonOf } from './declines.js';

describe('declineReasonOf: the one table', () => {
  it.each([
    ['2', 'generic'], ['3', 'generic'], ['4', 'processing_error'], ['5', 'lost_or_stolen'], ['6', 'expired_card'],
    ['7', 'invalid_amount'], ['8', 'invalid_account'], ['9', 'try_again_later'], ['10', 'card_not_supported'],
    ['11', 'authentication_required'], ['12', 'insufficient_funds'], ['14', 'suspected_fraud'], ['20', 'suspected_fraud'],
    ['22', 'suspected_fraud'], ['24', 'incorrect_cvc'], ['26', 'do_not_retry'], ['28', 'amount_or_limit_exceeded'],
    ['32', 'address_verification_failed'], ['38', 'authentication_required'], ['46', 'do_not_retry'],
  ])('refusalReasonCode %s is %s', (refusalReasonCode, reason) => {
    expect(declineReasonOf({ resultCode: 'Refused', refusalReasonCode })).toBe(reason);
  });

  it('reads refusalReasonRaw when the code is missing or unknown: test names and ISO 8583 codes', () => {
    expect(declineReasonOf({ refusalReasonRaw: 'NOT_ENOUGH_BALANCE' })).toBe('insufficient_funds');
    expect(declineReasonOf({ refusalReasonRaw: '51 : Insufficient funds/over credit limit' })).toBe('insufficient_funds');
    expect(declineReasonOf({ refusalReasonCode: '999', refusalReasonRaw: '54 : Expired card' })).toBe('expired_card');
    expect(declineReasonOf({ refusalReasonRaw: 'n7 : cvv2 failure' })).toBe('incorrect_cvc');
  });

  it('prefers the refusal code: "14" is Acquirer Fraud as a code, an invalid card number as a raw ISO code', () => {
    expect(declineReasonOf({ refusalReasonCode: '14', refusalReasonRaw: '14 : Invalid card number' })).toBe('suspected_fraud');
    expect(declineReasonOf({ refusalReasonRaw: '14 : Invalid card number' })).toBe('invalid_account');
  });

  it('an unknown refusal is generic, an unknown Error is a processing error', () => {
    expect(declineReasonOf({ resultCode: 'Refused', refusalReasonCode: '999' })).toBe('generic');
    expect(declineReasonOf({ resultCode: 'Error' })).toBe('processing_error');
  });
});

describe('declineDetailOf', () => {
  it('keeps the code and the raw reason together for operations', () => {
    expect(declineDetailOf({ resultCode: 'Refused', refusalReasonCode: '12', refusalReasonRaw: 'NOT_ENOUGH_BALANCE', refusalReason: 'Not enough balance' }))
      .toEqual({ reason: 'insufficient_funds', processorCode: '12:NOT_ENOUGH_BALANCE', processorMessage: 'Not enough balance' });
    expect(declineDetailOf({ resultCode: 'Refused', refusalReasonCode: '2' }).processorCode).toBe('2');
    expect(declineDetailOf({ resultCode: 'Error' }).processorCode).toBe('Error');
  });

  it("follows Mastercard's merchant advice when Adyen passes it on", () => {
    const refused = { resultCode: 'Refused', refusalReasonCode: '2' };
    expect(declineDetailOf({ ...refused, merchantAdviceCode: '03: Do not try again' }).retryMaySucceed).toBe(false);
    expect(declineDetailOf({ ...refused, merchantAdviceCode: '02: Cannot approve at this time, try again later' }).retryMaySucceed).toBe(true);
    expect(declineDetailOf(refused).retryMaySucceed).toBeUndefined();
  });
});
