import { describe, expect, it } from 'vitest';
import { documentedDeclineCodes } from '../../sandboxes/braintree/processor-responses.js';
import { MAPPED_CODES, declineOf, declineReasonOf } from './declines.js';
import { declinedWire, rejectedWire, transactionWire } from './testing/wire-fixtures.js';

describe('Braintree declines', () => {
  it('names every documented processor response code explicitly', () => {
    const missing = documentedDeclineCodes().filter((code) => !MAPPED_CODES.has(code));
    expect(missing).toEqual([]);
  });

  it.each([
    ['2000', 'generic'], ['2001', 'insufficient_funds'], ['2002', 'amount_or_limit_exceeded'], ['2004', 'expired_card'],
    ['2005', 'invalid_account'], ['2010', 'incorrect_cvc'], ['2012', 'lost_or_stolen'], ['2014', 'suspected_fraud'],
    ['2015', 'card_not_supported'], ['2016', 'duplicate_transaction'], ['2018', 'do_not_retry'], ['2038', 'generic'],
    ['2044', 'generic'], ['2046', 'generic'], ['2047', 'lost_or_stolen'], ['2048', 'invalid_amount'],
    ['2057', 'card_not_supported'], ['2059', 'address_verification_failed'], ['2064', 'currency_not_supported'],
    ['2074', 'payment_method_unusable'], ['2099', 'authentication_required'], ['2500', 'generic'], ['3000', 'try_again_later'],
    ['3999', 'try_again_later'], ['gateway_rejected:cvv', 'incorrect_cvc'], ['gateway_rejected:avs', 'address_verification_failed'],
    ['gateway_rejected:avs_and_cvv', 'address_verification_failed'], ['gateway_rejected:fraud', 'suspected_fraud'],
    ['gateway_rejected:risk_threshold', 'suspected_fraud'], ['gateway_rejected:application_incomplete', 'processing_error'],
    ['gateway_rejected:duplicate', 'duplicate_transaction'], ['gateway_rejected:three_d_secure', 'authentication_required'],
    ['gateway_rejected:token_issuance', 'payment_method_unusable'], ['gateway_rejected:something_new', 'generic'],
  ])('%s reads as %s', (code, reason) => {
    expect(declineReasonOf(code)).toBe(reason);
  });

  it('keeps the raw code and text, and takes retry advice from the soft/hard type', () => {
    expect(declineOf(declinedWire('2001', 'Insufficient Funds', 'soft_declined'))).toEqual({
      reason: 'insufficient_funds', processorCode: '2001', processorMessage: 'Insufficient Funds', retryMaySucceed: true,
    });
    expect(declineOf(declinedWire('2004', 'Expired Card', 'hard_declined'))).toMatchObject({ reason: 'expired_card', retryMaySucceed: false });
  });

  it('reads a gateway rejection by its reason, never retrying fraud', () => {
    expect(declineOf(rejectedWire('fraud'))).toEqual({
      reason: 'suspected_fraud', processorCode: 'gateway_rejected:fraud', processorMessage: 'Gateway Rejected: fraud', retryMaySucceed: false,
    });
    expect(declineOf(rejectedWire('cvv'))).not.toHaveProperty('retryMaySucceed');
  });

  it('reads a failed transaction as the network, and an approved one as no decline', () => {
    const failed = transactionWire({ status: 'failed', processorResponseCode: '3000', processorResponseText: 'Processor Network Unavailable - Try Again', processorResponseType: 'soft_declined' });
    expect(declineOf(failed)).toMatchObject({ reason: 'try_again_later', processorCode: '3000', retryMaySucceed: true });
    expect(declineOf(transactionWire({ status: 'settlement_declined', processorSettlementResponseCode: '4001' }))).toMatchObject({
      reason: 'generic', processorCode: 'settlement_declined:4001',
    });
    expect(declineOf(transactionWire())).toBeUndefined();
  });
});
