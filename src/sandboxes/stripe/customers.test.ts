import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf, openTestBed, type SandboxTestBed } from './testing/test-bed.js';

let bed: SandboxTestBed;
beforeAll(async () => {
  bed = await openTestBed();
});
afterAll(() => bed.close());

describe('customers search', () => {
  it('finds a customer by phone and by email', async () => {
    const byPhone = await bed.stripe.customers.search({ query: 'phone:"+14155550123"' });
    expect(byPhone.object).toBe('search_result');
    expect(byPhone.data.map((customer) => customer.id)).toEqual(['cus_demo_jordan']);
    expect(byPhone.data[0]).toMatchObject({
      name: 'Jordan Rivera',
      email: 'jordan.rivera@example.com',
      invoice_settings: { default_payment_method: 'pm_demo_jordan_visa' },
    });
    const byEmail = await bed.stripe.customers.search({ query: "email:'sam.lee@example.com'" });
    expect(byEmail.data.map((customer) => customer.id)).toEqual(['cus_demo_sam']);
    expect(byEmail).toMatchObject({ has_more: false, next_page: null, url: '/v1/customers/search' });
  });

  it('returns both Alex customers for their shared phone, and one by email', async () => {
    const shared = await bed.stripe.customers.search({ query: 'phone:"+14155550142"' });
    expect(shared.data.map((customer) => customer.id).sort()).toEqual(['cus_demo_alex_home', 'cus_demo_alex_work']);
    expect(new Set(shared.data.map((customer) => customer.email))).toEqual(new Set(['alex@example.com', 'alex.work@example.com']));
    const work = await bed.stripe.customers.search({ query: 'email:"alex.work@example.com"' });
    expect(work.data.map((customer) => customer.id)).toEqual(['cus_demo_alex_work']);
  });

  it('joins clauses with OR and pages with next_page', async () => {
    const query = 'phone:"+14155550142" OR phone:"+14155550188"';
    const first = await bed.stripe.customers.search({ query, limit: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.has_more).toBe(true);
    const second = await bed.stripe.customers.search({ query, limit: 2, page: first.next_page ?? '' });
    expect(second.data).toHaveLength(1);
    expect(second.has_more).toBe(false);
  });

  it('answers nothing for an unknown phone and 400 for a malformed query', async () => {
    expect((await bed.stripe.customers.search({ query: 'phone:"+19999999999"' })).data).toEqual([]);
    const failure = await failureOf(bed.stripe.customers.search({ query: 'phone:+14155550123' }));
    expect(failure).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(failure).toMatchObject({ statusCode: 400, param: 'query' });
  });
});

describe('customers', () => {
  it('creates a customer with metadata, retrieves it and finds it by phone', async () => {
    const created = await bed.stripe.customers.create({
      name: 'Riley Park',
      email: 'riley@example.com',
      phone: '+14155550199',
      metadata: { source: 'voice' },
    });
    expect(created).toMatchObject({ object: 'customer', name: 'Riley Park', metadata: { source: 'voice' }, livemode: false });
    expect(created.id).toMatch(/^cus_/);
    expect(bed.sandbox.state.customers.get(created.id)?.email).toBe('riley@example.com');
    expect(await bed.stripe.customers.retrieve(created.id)).toMatchObject({ id: created.id, phone: '+14155550199' });
    const found = await bed.stripe.customers.search({ query: 'phone:"+14155550199"' });
    expect(found.data.map((customer) => customer.id)).toEqual([created.id]);
  });

  it('answers 404 resource_missing on param id for an unknown customer', async () => {
    const failure = await failureOf(bed.stripe.customers.retrieve('cus_missing'));
    expect(failure).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(failure).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'id', message: "No such customer: 'cus_missing'" });
  });

  it('returns a deleted customer as a deleted stub', async () => {
    const created = await bed.stripe.customers.create({ name: 'Gone Soon' });
    await bed.stripe.customers.del(created.id);
    expect(await bed.stripe.customers.retrieve(created.id)).toMatchObject({ id: created.id, object: 'customer', deleted: true });
  });

  it('refuses parameters Stripe does not know', async () => {
    const failure = await failureOf(bed.stripe.customers.create({ nickname: 'x' } as Stripe.CustomerCreateParams));
    expect(failure).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'nickname' });
  });
});

describe('payment methods', () => {
  it('lists a customer card with brand, last4, expiry, wallet, funding and country', async () => {
    const list = await bed.stripe.paymentMethods.list({ customer: 'cus_demo_jordan', type: 'card' });
    expect(list.object).toBe('list');
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).toMatchObject({
      id: 'pm_demo_jordan_visa',
      customer: 'cus_demo_jordan',
      card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2030, wallet: null, funding: 'credit', country: 'US' },
    });
  });

  it('attaching a documented test id makes a new PaymentMethod for that card', async () => {
    const before = bed.sandbox.state.paymentMethods.size;
    const attached = await bed.stripe.paymentMethods.attach('pm_card_mastercard', { customer: 'cus_demo_alex_home' });
    expect(attached.id).toMatch(/^pm_/);
    expect(attached.id).not.toBe('pm_card_mastercard');
    expect(attached).toMatchObject({ customer: 'cus_demo_alex_home', card: { brand: 'mastercard', last4: '4444' } });
    expect(bed.sandbox.state.paymentMethods.size).toBe(before + 1);
    const again = await bed.stripe.paymentMethods.attach('pm_card_mastercard', { customer: 'cus_demo_alex_home' });
    expect(again.id).not.toBe(attached.id);
    expect(again.card?.fingerprint).toBe(attached.card?.fingerprint);
    expect((await bed.stripe.paymentMethods.retrieve(attached.id)).customer).toBe('cus_demo_alex_home');
    const listed = await bed.stripe.paymentMethods.list({ customer: 'cus_demo_alex_home', type: 'card' });
    expect(listed.data.map((method) => method.id)).toEqual([again.id, attached.id]);
  });

  it('refuses an unknown customer on param customer', async () => {
    const failure = await failureOf(bed.stripe.paymentMethods.list({ customer: 'cus_missing', type: 'card' }));
    expect(failure).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'customer' });
  });
});

describe('authentication', () => {
  it('answers 401 for a wrong key without repeating it', async () => {
    const stranger = bed.client();
    const wrong = new Stripe('sk_test_not_the_sandbox_key_9876', { host: bed.sandbox.host, port: bed.sandbox.port, protocol: 'http', maxNetworkRetries: 0 });
    const failure = await failureOf(wrong.customers.retrieve('cus_demo_jordan'));
    expect(failure).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(failure.statusCode).toBe(401);
    expect(failure.message).toMatch(/^Invalid API Key provided: sk_test_\*+$/);
    expect(failure.message).not.toContain('9876');
    expect((await stranger.customers.retrieve('cus_demo_jordan')).id).toBe('cus_demo_jordan');
  });
});
