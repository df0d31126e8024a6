import { describe, expect, it } from 'vitest';
import {
  brandOf, defaultStoredMethodId, mapPaymentLink, mapStoredPaymentMethod, merchantRefundReasonOf, paymentOutcomeOf,
} from './mapping.js';

describe('paymentOutcomeOf', () => {
  it.each([
    ['Authorised', 'succeeded'], ['Success', 'succeeded'], ['Received', 'processing'], ['Pending', 'processing'],
    ['Cancelled', 'canceled'], ['PartiallyAuthorised', 'outcome_unknown'], ['SomethingNew', 'outcome_unknown'], [undefined, 'outcome_unknown'],
  ])('%s is %s, without a decline', (resultCode, status) => {
    expect(paymentOutcomeOf(resultCode === undefined ? {} : { resultCode })).toEqual({ status });
  });

  it.each(['RedirectShopper', 'IdentifyShopper', 'ChallengeShopper', 'PresentToShopper'])('%s requires action (authentication)', (resultCode) => {
    expect(paymentOutcomeOf({ resultCode })).toEqual({
      status: 'requires_action', decline: { reason: 'authentication_required', processorCode: resultCode },
    });
  });

  it('Refused is declined with the table reason; a refusal for authentication requires action', () => {
    expect(paymentOutcomeOf({ resultCode: 'Refused', refusalReasonCode: '6', refusalReason: 'Expired Card', additionalData: { refusalReasonRaw: 'CARD_EXPIRED' } }))
      .toEqual({ status: 'declined', decline: { reason: 'expired_card', processorCode: '6:CARD_EXPIRED', processorMessage: 'Expired Card' } });
    expect(paymentOutcomeOf({ resultCode: 'Refused', refusalReasonCode: '11' }).status).toBe('requires_action');
  });

  it('Error is a final decline (processing_error), not an unknown outcome', () => {
    expect(paymentOutcomeOf({ resultCode: 'Error', refusalReason: 'Acquirer Error', refusalReasonCode: '4' }))
      .toMatchObject({ status: 'declined', decline: { reason: 'processing_error', processorCode: '4' } });
  });
});

describe('stored payment methods', () => {
  const card = (id: string, createdAt?: string, extra: Record<string, unknown> = {}) => ({
    id, brand: 'visa', lastFour: '4242', expiryMonth: '03', expiryYear: '2030', type: 'scheme',
    ...(createdAt ? { createdAt } : {}), ...extra,
  });

  it('maps brand, last four and expiry to the neutral card', () => {
    expect(mapStoredPaymentMethod(card('a'), 'shopper_1', 'a')).toEqual({
      id: 'a', customerId: 'shopper_1', brand: 'visa', last4: '4242', expMonth: 3, expYear: 2030, isDefault: true, wallet: 'none',
    });
  });

  it('the default is the most recently stored card, else the first listed, among chargeable cards', () => {
    expect(defaultStoredMethodId([card('old', '2026-01-01T00:00:00Z'), card('new', '2026-06-01T00:00:00Z')])).toBe('new');
    expect(defaultStoredMethodId([card('first'), card('second')])).toBe('first');
    const noCardOnFile = card('subscription-only', '2026-09-01T00:00:00Z', { supportedRecurringProcessingModels: ['Subscription'] });
    expect(defaultStoredMethodId([noCardOnFile, card('usable', '2026-01-01T00:00:00Z')])).toBe('usable');
    expect(defaultStoredMethodId([])).toBe('');
  });

  it.each([['mc', 'mastercard'], ['amex', 'amex'], ['cup', 'unionpay'], ['visa_applepay', 'visa'], ['VISA', 'visa'], ['elo', 'elo']])(
    'brand %s reads %s', (adyen, neutral) => expect(brandOf(adyen)).toBe(neutral),
  );

  it('marks wallet-provisioned cards', () => {
    expect(mapStoredPaymentMethod(card('w', undefined, { brand: 'mc_googlepay' }), 's', '').wallet).toBe('google_pay');
  });
});

describe('payment links and refund reasons', () => {
  it('maps Adyen link statuses and keeps the invoice id from metadata', () => {
    const wire = {
      id: 'PL1', url: 'https://x/PL1', status: 'paymentPending', amount: { currency: 'USD', value: 500 }, reference: 'r',
      expiresAt: '2026-11-26T12:00:00Z', shopperReference: 'shopper_1', metadata: { tenderInvoiceId: 'inv-1' },
    };
    expect(mapPaymentLink(wire, '')).toEqual({
      id: 'PL1', url: 'https://x/PL1', amount: { amount: 500, currency: 'USD' }, status: 'open', customerId: 'shopper_1',
      invoiceId: 'inv-1', paymentId: '', description: '', expiresAt: new Date('2026-11-26T12:00:00Z'),
    });
    expect(mapPaymentLink({ ...wire, status: 'completed' }, 'PSP').status).toBe('completed');
    expect(mapPaymentLink({ ...wire, status: 'expired' }, '').status).toBe('expired');
  });

  it('names the refund reason by the SDK enum member', () => {
    expect(['requested_by_customer', 'duplicate', 'fraudulent', 'service_not_provided', 'other'].map((r) => merchantRefundReasonOf(r as never)))
      .toEqual(['CustomerRequest', 'Duplicate', 'Fraud', 'Other', 'Other']);
  });
});
