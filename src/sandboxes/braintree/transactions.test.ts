import type braintree from 'braintree';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declineResponse, documentedDeclineCodes } from './processor-responses.js';
import { vaultTestCard } from './test-cards.js';
import { codesOf, failureOf, openTestBed, saleWith, searchWith, type SandboxTestBed } from './testing/test-bed.js';

let bed: SandboxTestBed;
beforeAll(async () => {
  bed = await openTestBed({ settleAfterSeconds: Infinity });
});
afterAll(() => bed.close());

const jordanSale = (amount: string, extra: Record<string, unknown> = {}) =>
  saleWith(bed.gateway, { amount, paymentMethodToken: 'demo_jordan_visa', options: { submitForSettlement: true }, ...extra });
const nonceSale = (nonce: string, amount = '12.00') => saleWith(bed.gateway, { amount, paymentMethodNonce: nonce });

describe('sale', () => {
  it('approves a vaulted card: submitted for settlement, 1000 Approved, with customer and card', async () => {
    const result = await jordanSale('10.00', { orderId: 'order-1' });
    expect(result.success).toBe(true);
    expect(result.transaction).toMatchObject({
      status: 'submitted_for_settlement', type: 'sale', amount: '10.00', currencyIsoCode: 'USD', orderId: 'order-1',
      processorResponseCode: '1000', processorResponseText: 'Approved', processorResponseType: 'approved',
      gatewayRejectionReason: null, customer: { id: 'demo_jordan' }, creditCard: { token: 'demo_jordan_visa', last4: '4242' },
      refundIds: [], disputes: [],
    });
    expect(bed.sandbox.state.transactions.get(result.transaction.id)?.status).toBe('submitted_for_settlement');
  });

  it('declines every documented processor response amount with its code, text and type', async () => {
    for (const code of [...documentedDeclineCodes(), '2500']) {
      const result = await jordanSale(`${code}.00`);
      const expected = declineResponse(code);
      expect(result.success).toBe(false);
      expect({ code, message: result.message, tx: result.transaction }).toMatchObject({
        code,
        message: expected.text,
        tx: { status: 'processor_declined', processorResponseCode: code, processorResponseText: expected.text, processorResponseType: expected.type },
      });
    }
    expect(declineResponse('2001')).toEqual({ code: '2001', text: 'Insufficient Funds', type: 'soft_declined' });
    expect(declineResponse('2004').type).toBe('hard_declined');
    expect(declineResponse('2999')).toEqual({ code: '2999', text: 'Processor Declined', type: 'soft_declined' });
  });

  it('fails 3000.00-3000.99 (processor network) and gateway-rejects 5001.00 (application incomplete)', async () => {
    const failed = await jordanSale('3000.50');
    expect(failed.transaction).toMatchObject({ status: 'failed', processorResponseCode: '3000', processorResponseType: 'soft_declined' });
    const rejected = await jordanSale('5001.00');
    expect(rejected.transaction).toMatchObject({ status: 'gateway_rejected', gatewayRejectionReason: 'application_incomplete' });
    expect(rejected.message).toBe('Gateway Rejected: application_incomplete');
    expect((await jordanSale('1999.99')).success).toBe(true);
    expect((await jordanSale('3001.00')).success).toBe(true);
  });

  it('answers the documented nonces', async () => {
    for (const [nonce, cardType] of [
      ['fake-valid-nonce', 'Visa'], ['fake-valid-visa-nonce', 'Visa'], ['fake-valid-mastercard-nonce', 'MasterCard'],
      ['fake-valid-amex-nonce', 'American Express'],
    ]) {
      const result = await nonceSale(nonce ?? '');
      expect({ nonce, success: result.success, cardType: result.transaction.creditCard?.cardType }).toEqual({ nonce, success: true, cardType });
    }
    const declined = await nonceSale('fake-processor-declined-visa-nonce');
    expect(declined.transaction).toMatchObject({ status: 'processor_declined', processorResponseCode: '2000', processorResponseText: 'Do Not Honor' });
    const fraud = await nonceSale('fake-gateway-rejected-fraud-nonce');
    expect(fraud.transaction).toMatchObject({ status: 'gateway_rejected', gatewayRejectionReason: 'fraud' });
    expect(codesOf(await nonceSale('fake-consumed-nonce'))).toEqual(['91564']);
    expect(codesOf(await nonceSale('fake-luhn-invalid-nonce'))).toEqual(['81715']);
    expect(codesOf(await nonceSale('fake-no-such-nonce'))).toEqual(['91565']);
  });

  it('uses a sandbox-issued nonce once, and vaults its card on the customer when asked', async () => {
    bed.sandbox.state.nonces.set('issued-nonce-1', {
      card: { cardType: 'Discover', bin: '601111', last4: '1117', expirationMonth: '01', expirationYear: '2032', behaviour: { kind: 'approve' } },
      consumed: false,
    });
    const sold = await saleWith(bed.gateway, {
      amount: '20.00', paymentMethodNonce: 'issued-nonce-1', customerId: 'demo_alex_work', options: { submitForSettlement: true, storeInVaultOnSuccess: true },
    });
    expect(sold.success).toBe(true);
    const token = sold.transaction.creditCard?.token;
    expect(token).toBeTruthy();
    expect((await bed.gateway.customer.find('demo_alex_work')).creditCards?.map((c) => [c.token, c.last4, c.default])).toEqual([[token, '1117', true]]);
    expect(codesOf(await nonceSale('issued-nonce-1'))).toEqual(['91564']);
  });

  it('declines any amount on a flagged test card', async () => {
    const card = vaultTestCard(bed.sandbox.state, 'demo_casey', { declineCode: '2014' });
    const result = await saleWith(bed.gateway, { amount: '1.00', paymentMethodToken: card.token });
    expect(result.transaction).toMatchObject({ status: 'processor_declined', processorResponseCode: '2014', processorResponseType: 'hard_declined' });
    expect((await saleWith(bed.gateway, { amount: '1.00', paymentMethodToken: 'demo_sam_visa_declines' })).transaction)
      .toMatchObject({ processorResponseCode: '2001', processorResponseText: 'Insufficient Funds' });
  });

  it('refuses invalid requests with Braintree validation codes and stores nothing', async () => {
    const before = bed.sandbox.state.transactions.size;
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ paymentMethodToken: 'demo_jordan_visa' }, ['81502']],
      [{ amount: '10.001', paymentMethodToken: 'demo_jordan_visa' }, ['81503']],
      [{ amount: '0.00', paymentMethodToken: 'demo_jordan_visa' }, ['81531']],
      [{ amount: '10.00', paymentMethodToken: 'no_such_token' }, ['91518']],
      [{ amount: '10.00', paymentMethodToken: 'demo_jordan_visa', customerId: 'demo_sam' }, ['91516']],
      [{ amount: '10.00', paymentMethodToken: 'demo_jordan_visa', customerId: 'nobody' }, ['91510']],
      [{ amount: '10.00' }, ['91508']],
    ];
    for (const [attributes, codes] of cases) {
      const result = await saleWith(bed.gateway, attributes);
      expect({ attributes, codes: codesOf(result), transaction: result.transaction }).toEqual({ attributes, codes, transaction: undefined });
    }
    expect(bed.sandbox.state.transactions.size).toBe(before);
  });
});

describe('find and search', () => {
  it('finds a transaction by id and by order id; 404 for an unknown id', async () => {
    const sold = await jordanSale('11.00', { orderId: 'find-me' });
    expect((await bed.gateway.transaction.find(sold.transaction.id)).orderId).toBe('find-me');
    const found = await searchWith<braintree.Transaction>(bed.gateway.transaction, (s) => s.orderId().is('find-me'));
    expect(found.map((tx) => tx.id)).toEqual([sold.transaction.id]);
    expect((await failureOf(bed.gateway.transaction.find('nosuchtx'))).type).toBe('notFoundError');
  });
});
