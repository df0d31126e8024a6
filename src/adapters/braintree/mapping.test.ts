import { describe, expect, it } from 'vitest';
import {
  brandOf, countsAsRefunded, mapCustomer, mapPaymentMethods, mapRefund, mapTransaction, mapVoid, metadataOf, moneyOf,
  paymentStatusOf, splitName,
} from './mapping.js';
import { customerWire, declinedWire, rejectedWire, transactionWire } from './testing/wire-fixtures.js';

describe('Braintree mapping', () => {
  it('reads decimal amounts, a credit balance included, in the currency exponent', () => {
    expect(moneyOf('39.00', 'USD')).toEqual({ amount: 3900, currency: 'USD' });
    expect(moneyOf('-5.50', 'USD')).toEqual({ amount: -550, currency: 'USD' });
    expect(moneyOf('1250', 'JPY')).toEqual({ amount: 1250, currency: 'JPY' });
    expect(moneyOf(null, 'USD')).toEqual({ amount: 0, currency: 'USD' });
  });

  it('splits a name at the first word and joins it back', () => {
    expect(splitName('Ludwig van Beethoven')).toEqual({ firstName: 'Ludwig', lastName: 'van Beethoven' });
    expect(splitName(' Cher ')).toEqual({ firstName: 'Cher', lastName: '' });
    expect(mapCustomer(customerWire({ lastName: null }), 'US', 'tender_metadata').name).toBe('Jen');
  });

  it('maps a customer: E.164 phone, creation time, metadata from its custom field', () => {
    expect(mapCustomer(customerWire(), 'US', 'tender_metadata')).toEqual({
      id: 'a_customer_id', name: 'Jen Smith', email: 'jen@example.com', phone: '+13125551234',
      createdAt: new Date('2026-10-01T12:00:00Z'), metadata: { crm_id: 'c-42' },
    });
  });

  it('keeps only string metadata from well-formed JSON, and none without a field', () => {
    expect(metadataOf(customerWire({ customFields: { tenderMetadata: '{"a":"1","b":2}' } }), 'tender_metadata')).toEqual({ a: '1' });
    expect(metadataOf(customerWire({ customFields: { tenderMetadata: 'not json' } }), 'tender_metadata')).toEqual({});
    expect(metadataOf(customerWire({ customFields: '' }), 'tender_metadata')).toEqual({});
    expect(metadataOf(customerWire(), '')).toEqual({});
  });

  it('lists vaulted cards and wallet cards with brand words, expiry numbers and the default', () => {
    const methods = mapPaymentMethods(customerWire({
      applePayCards: [{ token: 'ap', last4: '1234', cardType: 'Apple Pay - Visa', expirationMonth: '01', expirationYear: '2030', default: false }],
    }));
    expect(methods).toEqual([
      { id: 'the_token', customerId: 'a_customer_id', brand: 'visa', last4: '1111', expMonth: 6, expYear: 2030, isDefault: true, wallet: 'none' },
      { id: 'the_amex', customerId: 'a_customer_id', brand: 'amex', last4: '0005', expMonth: 1, expYear: 2029, isDefault: false, wallet: 'none' },
      { id: 'ap', customerId: 'a_customer_id', brand: 'apple_pay_-_visa', last4: '1234', expMonth: 1, expYear: 2030, isDefault: false, wallet: 'apple_pay' },
    ]);
    expect([brandOf('MasterCard'), brandOf('Discover'), brandOf('Diners Club'), brandOf(null)]).toEqual(['mastercard', 'discover', 'diners', '']);
  });

  it.each([
    ['authorized', 'processing'], ['submitted_for_settlement', 'succeeded'], ['settling', 'succeeded'], ['settled', 'succeeded'],
    ['settlement_confirmed', 'succeeded'], ['voided', 'canceled'], ['authorization_expired', 'canceled'],
    ['failed', 'declined'], ['settlement_declined', 'declined'], ['something_new', 'outcome_unknown'],
  ])('status %s is %s', (status, expected) => {
    expect(paymentStatusOf(transactionWire({ status }))).toBe(expected);
  });

  it('maps a sale to a payment, with the decline only when declined', () => {
    expect(mapTransaction(transactionWire(), { amount: 400, currency: 'USD' })).toEqual({
      id: 'the_transaction_id', customerId: 'a_customer_id', paymentMethodId: 'the_token', invoiceId: '',
      amount: { amount: 1000, currency: 'USD' }, status: 'succeeded', amountRefunded: { amount: 400, currency: 'USD' },
      createdAt: new Date('2026-11-20T18:25:30Z'), description: '',
    });
    const declined = mapTransaction(declinedWire('2001', 'Insufficient Funds', 'soft_declined'));
    expect(declined).toMatchObject({ status: 'declined', decline: { reason: 'insufficient_funds', processorCode: '2001' } });
    expect(mapTransaction(rejectedWire('three_d_secure'))).toMatchObject({ status: 'requires_action', decline: { reason: 'authentication_required' } });
  });

  it('maps refunds (credits) and voids', () => {
    const credit = transactionWire({ id: 'credit_1', type: 'credit', amount: '4.00', refundedTransactionId: 'the_transaction_id' });
    expect(mapRefund(credit, 'the_transaction_id', 'duplicate')).toEqual({
      id: 'credit_1', paymentId: 'the_transaction_id', amount: { amount: 400, currency: 'USD' }, status: 'succeeded',
      reason: 'duplicate', method: 'refund', createdAt: new Date('2026-11-20T18:25:30Z'),
    });
    expect(mapRefund({ ...credit, status: 'processor_declined' }, 'p', 'other').status).toBe('failed');
    expect(countsAsRefunded({ ...credit, status: 'voided' })).toBe(false);
    expect(mapVoid(transactionWire({ status: 'voided' }), 'other')).toMatchObject({ id: 'the_transaction_id', method: 'void', status: 'succeeded', amount: { amount: 1000 } });
  });
});
