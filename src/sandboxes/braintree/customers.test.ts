import type braintree from 'braintree';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codesOf, failureOf, searchWith, openTestBed, type SandboxTestBed, type SearchBuilder } from './testing/test-bed.js';

let bed: SandboxTestBed;
beforeAll(async () => {
  bed = await openTestBed();
});
afterAll(() => bed.close());

const search = (build: SearchBuilder) => searchWith<braintree.Customer>(bed.gateway.customer, build);

describe('authentication', () => {
  it('refuses a wrong key pair with 401 and another merchant with 403', async () => {
    expect((await failureOf(bed.client({ privateKey: 'wrong' }).customer.find('demo_jordan'))).type).toBe('authenticationError');
    expect((await failureOf(bed.client({ merchantId: 'someone_else' }).customer.find('demo_jordan'))).type).toBe('authorizationError');
  });
});

describe('customers', () => {
  it('finds a seeded customer with the vaulted card and the subscription inside it', async () => {
    const jordan = await bed.gateway.customer.find('demo_jordan');
    expect(jordan).toMatchObject({ firstName: 'Jordan', lastName: 'Rivera', phone: '+14155550123', email: 'jordan.rivera@example.com' });
    expect(jordan.paymentMethods).toHaveLength(1);
    const [card] = jordan.creditCards ?? [];
    expect(card).toMatchObject({
      token: 'demo_jordan_visa', bin: '424242', last4: '4242', cardType: 'Visa',
      expirationMonth: '12', expirationYear: '2030', default: true, maskedNumber: '424242******4242',
    });
    const subscriptions = (card as unknown as { subscriptions: Array<{ id: string; status: string }> }).subscriptions;
    expect(subscriptions.map((s) => [s.id, s.status])).toEqual([['demo_jordan_basic', 'Active']]);
  });

  it('answers 404 for an unknown customer', async () => {
    expect((await failureOf(bed.gateway.customer.find('nobody_here'))).type).toBe('notFoundError');
  });

  it('searches in two steps by phone (is, ends_with) and by email, case-insensitively', async () => {
    expect((await search((s) => s.phone().is('+14155550142'))).map((c) => c.id)).toEqual(['demo_alex_home', 'demo_alex_work']);
    expect((await search((s) => s.phone().endsWith('0188'))).map((c) => c.id)).toEqual(['demo_sam']);
    expect((await search((s) => s.email().is('Jordan.Rivera@Example.com'))).map((c) => c.id)).toEqual(['demo_jordan']);
    expect(await search((s) => s.phone().is('+15005550000'))).toEqual([]);
  });

  it('creates a customer with a chosen id, custom fields and a card from a nonce', async () => {
    const result = await bed.gateway.customer.create({
      id: 'robin_1', firstName: 'Robin', lastName: 'Test', email: 'robin@example.com',
      customFields: { tender_metadata: '{"crm":"42"}' }, paymentMethodNonce: 'fake-valid-amex-nonce',
    } as braintree.CustomerCreateRequest);
    expect(result.success).toBe(true);
    expect(result.customer).toMatchObject({ id: 'robin_1', customFields: { tenderMetadata: '{"crm":"42"}' } });
    expect(result.customer.creditCards?.[0]).toMatchObject({ cardType: 'American Express', last4: '0005', default: true });
  });

  it('refuses a taken id (91609), a bad id (91610), an undefined custom field (91602), a bad email (81604)', async () => {
    const taken = await bed.gateway.customer.create({ id: 'demo_jordan' });
    expect(taken.success).toBe(false);
    expect(codesOf(taken)).toEqual(['91609']);
    const invalid = await bed.gateway.customer.create({ id: 'not valid!', email: 'nope', customFields: { colour: 'red' } } as braintree.CustomerCreateRequest);
    expect(codesOf(invalid).sort()).toEqual(['81604', '91602', '91610']);
    expect(bed.sandbox.state.customers.has('not valid!')).toBe(false);
  });

  it('refuses a consumed or unknown nonce under the customer credit card codes', async () => {
    const consumed = await bed.gateway.customer.create({ paymentMethodNonce: 'fake-consumed-nonce' });
    expect(codesOf(consumed)).toEqual(['91731']);
    const unknown = await bed.gateway.customer.create({ creditCard: { paymentMethodNonce: 'no-such-nonce' } } as braintree.CustomerCreateRequest);
    expect(codesOf(unknown)).toEqual(['91732']);
  });
});

describe('payment methods', () => {
  it('finds a card by token, naming its customer, and vaults a new one as default when asked', async () => {
    expect(await bed.gateway.paymentMethod.find('demo_sam_visa_declines')).toMatchObject({ customerId: 'demo_sam', last4: '9995' });
    const created = await bed.gateway.paymentMethod.create({
      customerId: 'demo_alex_home', paymentMethodNonce: 'fake-valid-mastercard-nonce', token: 'alex_mc', options: { makeDefault: true },
    } as braintree.PaymentMethodCreateRequest);
    expect(created.success).toBe(true);
    expect((await bed.gateway.customer.find('demo_alex_home')).creditCards?.map((c) => [c.token, c.default])).toEqual([['alex_mc', true]]);
    expect((await failureOf(bed.gateway.paymentMethod.find('no_such_token'))).type).toBe('notFoundError');
  });
});
