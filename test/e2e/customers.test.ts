import { randomUUID } from 'node:crypto';
import { create, toBinary } from '@bufbuild/protobuf';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import * as grpc from '@grpc/grpc-js';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WalletKind } from '../../src/gen/tender/v1/common_pb.js';
import { InvoiceStatus, ListPaymentMethodsResponseSchema, PaymentMethodSchema } from '../../src/gen/tender/v1/customers_pb.js';
import { createFinalizedInvoice } from '../../src/sandboxes/stripe/resources/invoices.js';
import { KEYS, as, grpcError, startTenderUnderTest, type TenderUnderTest } from './harness.js';

/** Who is calling, how they pay and what they owe, through CustomerService. */
let t: TenderUnderTest;
let stripe: Stripe;
beforeAll(async () => {
  t = await startTenderUnderTest();
  stripe = new Stripe(t.stripe.secretKey, { host: '127.0.0.1', port: t.stripe.port, protocol: 'http' });
});
afterAll(() => t.close());

const jordan = 'acme-stripe:cus_demo_jordan';
const local = (neutralId: string) => neutralId.slice('acme-stripe:'.length);
const find = (query: { case: 'phone' | 'email'; value: string }) => t.customers.findCustomers({ query }, as(KEYS.acme));
const ids = (customers: Array<{ id: string }>) => customers.map((customer) => customer.id).sort();

describe('FindCustomers', () => {
  it.each(['(415) 555-0123', '415-555-0123', '415.555.0123', '4155550123', '+1 415 555 0123', '+14155550123', '1 (415) 555-0123'])(
    'finds Jordan by phone written as %s',
    async (phone) => {
      const { response } = await find({ case: 'phone', value: phone });
      expect(response.normalizedPhone).toBe('+14155550123');
      expect(ids(response.customers)).toEqual([jordan]);
      expect(response.customers[0]).toMatchObject({
        accountId: 'acme-stripe', name: 'Jordan Rivera', email: 'jordan.rivera@example.com', phone: '+14155550123',
      });
    },
  );

  it('finds Jordan by email whatever its case', async () => {
    const { response } = await find({ case: 'email', value: '  Jordan.Rivera@EXAMPLE.com ' });
    expect(ids(response.customers)).toEqual([jordan]);
    expect(response.normalizedPhone).toBe('');
  });

  it('finds a customer whose email Stripe holds in mixed case', async () => {
    const created = await stripe.customers.create({ name: 'Pat Doe', email: 'Pat.Doe@Example.com' });
    const { response } = await find({ case: 'email', value: 'PAT.DOE@example.COM' });
    expect(ids(response.customers)).toEqual([`acme-stripe:${created.id}`]);
  });

  it('finds a customer whose phone Stripe holds as typed on the dashboard, not in E.164', async () => {
    const created = await stripe.customers.create({ name: 'Dana Local', phone: '(415) 555-0111' });
    const got = await t.customers.getCustomer({ customerId: `acme-stripe:${created.id}` }, as(KEYS.acme));
    expect(got.response.customer?.phone).toBe('+14155550111');
    const { response } = await find({ case: 'phone', value: '+1 415 555 0111' });
    expect(ids(response.customers)).toEqual([`acme-stripe:${created.id}`]);
  });

  it.each([
    ['415-555-0131', '(415) 555-0131'],
    ['4155550132', '+1 415 555 0132'],
    ['415.555.0133', '415 555 0133'],
    ['+1 415-555-0134', '1 (415) 555-0134'],
  ])('finds a customer whose phone Stripe holds as %s, asked as %s', async (storedPhone, askedPhone) => {
    const created = await stripe.customers.create({ name: 'Held As Typed', phone: storedPhone });
    const { response } = await find({ case: 'phone', value: askedPhone });
    expect(ids(response.customers)).toEqual([`acme-stripe:${created.id}`]);
    expect(response.customers[0]?.phone).toBe(response.normalizedPhone);
  });

  it('returns both customers sharing a phone, so the agent can ask which one', async () => {
    const { response } = await find({ case: 'phone', value: '(415) 555-0142' });
    expect(ids(response.customers)).toEqual(['acme-stripe:cus_demo_alex_home', 'acme-stripe:cus_demo_alex_work']);
    expect(response.customers.map((customer) => customer.email).sort()).toEqual(['alex.work@example.com', 'alex@example.com']);
  });

  it('returns an empty list when nobody matches', async () => {
    expect((await find({ case: 'phone', value: '(415) 555-0199' })).response.customers).toEqual([]);
    expect((await find({ case: 'email', value: 'nobody@example.com' })).response.customers).toEqual([]);
  });

  it.each(['12345', '555-0123', 'call me maybe'])('refuses the phone %s with INVALID_ARGUMENT on phone', async (phone) => {
    const error = await grpcError(find({ case: 'phone', value: phone }));
    expect(error).toMatchObject({ code: grpc.status.INVALID_ARGUMENT, field: 'phone' });
  });

  it('refuses a request with neither phone nor email', async () => {
    const error = await grpcError(t.customers.findCustomers({}, as(KEYS.acme)));
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
  });

  it('refuses a malformed email with INVALID_ARGUMENT on email', async () => {
    const error = await grpcError(find({ case: 'email', value: 'jordan at example' }));
    expect(error).toMatchObject({ code: grpc.status.INVALID_ARGUMENT, field: 'email' });
  });
});

describe('CreateCustomer', () => {
  it('creates a customer that FindCustomers and GetCustomer then find', async () => {
    const { response } = await t.customers.createCustomer(
      { idempotencyKey: randomUUID(), name: 'Riley Chen', phone: '(415) 555-0177', email: 'Riley.Chen@Example.com', metadata: { crm: 'R-17' } },
      as(KEYS.acme),
    );
    const customer = response.customer!;
    expect(customer.id).toMatch(/^acme-stripe:cus_/);
    expect(customer).toMatchObject({ name: 'Riley Chen', phone: '+14155550177', email: 'riley.chen@example.com', metadata: { crm: 'R-17' } });
    expect(t.stripe.state.customers.get(local(customer.id))).toMatchObject({ name: 'Riley Chen', phone: '+14155550177' });

    const byPhone = await find({ case: 'phone', value: '415 555 0177' });
    expect(ids(byPhone.response.customers)).toEqual([customer.id]);
    const byEmail = await find({ case: 'email', value: 'riley.chen@example.com' });
    expect(ids(byEmail.response.customers)).toEqual([customer.id]);
    const got = await t.customers.getCustomer({ customerId: customer.id }, as(KEYS.acme));
    expect(got.response.customer).toEqual(customer);
  });

  it('creates one customer for a repeated key', async () => {
    const before = t.stripe.state.customers.size;
    const request = { idempotencyKey: 'create-customer-once-1', name: 'Quinn Park', email: 'quinn.park@example.com' };
    const first = await t.customers.createCustomer(request, as(KEYS.acme));
    const second = await t.customers.createCustomer(request, as(KEYS.acme));
    expect(second.response.customer?.id).toBe(first.response.customer?.id);
    expect(second.headers.get('idempotent-replayed')).toEqual(['true']);
    expect(t.stripe.state.customers.size).toBe(before + 1);
  });
});

describe('ListPaymentMethods', () => {
  it("lists Jordan's Visa as brand, last four, expiry, default flag and a spoken label, and nothing else", async () => {
    const { response } = await t.customers.listPaymentMethods({ customerId: jordan }, as(KEYS.acme));
    expect(response.paymentMethods).toEqual([
      create(PaymentMethodSchema, {
        id: 'acme-stripe:pm_demo_jordan_visa',
        customerId: jordan,
        brand: 'visa',
        last4: '4242',
        expMonth: 12,
        expYear: 2030,
        isDefault: true,
        wallet: WalletKind.NONE,
        spokenLabel: 'Visa ending in 4242',
        expired: false,
      }),
    ]);
    // The card's fingerprint and other details stay at the processor.
    const card = t.stripe.state.paymentMethods.get('pm_demo_jordan_visa')!.card;
    const onTheWire = Buffer.from(toBinary(ListPaymentMethodsResponseSchema, response)).toString('latin1');
    expect(onTheWire).not.toContain(card.fingerprint);
    expect(onTheWire).not.toContain('credit');
  });

  it('flags only the default among several cards', async () => {
    const { response: created } = await t.customers.createCustomer(
      { idempotencyKey: randomUUID(), name: 'Avery Two Cards', email: 'avery.cards@example.com' },
      as(KEYS.acme),
    );
    const customerId = created.customer!.id;
    const visa = await stripe.paymentMethods.attach('pm_card_visa', { customer: local(customerId) });
    const amex = await stripe.paymentMethods.attach('pm_card_amex', { customer: local(customerId) });
    await stripe.customers.update(local(customerId), { invoice_settings: { default_payment_method: amex.id } });

    const { response } = await t.customers.listPaymentMethods({ customerId }, as(KEYS.acme));
    const byId = new Map(response.paymentMethods.map((method) => [method.id, method]));
    expect(byId.size).toBe(2);
    expect(byId.get(`acme-stripe:${amex.id}`)).toMatchObject({ brand: 'amex', isDefault: true, spokenLabel: 'American Express ending in 8431' });
    expect(byId.get(`acme-stripe:${visa.id}`)).toMatchObject({ brand: 'visa', isDefault: false, spokenLabel: 'Visa ending in 4242' });
  });
});

describe('GetBalance', () => {
  it("shows Jordan's open $247.00 invoice and the total due", async () => {
    const { response } = await t.customers.getBalance({ customerId: jordan }, as(KEYS.acme));
    expect(response.openInvoices).toHaveLength(1);
    const [invoice] = response.openInvoices;
    expect(invoice).toMatchObject({
      id: 'acme-stripe:in_demo_jordan_247',
      customerId: jordan,
      status: InvoiceStatus.OPEN,
      amountDue: { amount: 24_700n, currency: 'USD' },
      description: 'Plumbing repair, October 14',
      number: 'TND-0001',
    });
    const dueInDays = (timestampDate(invoice!.dueAt!).getTime() - Date.now()) / 86_400_000;
    expect(dueInDays).toBeGreaterThan(6.9);
    expect(dueInDays).toBeLessThanOrEqual(7);
    expect(response.totalDue.map(({ amount, currency }) => ({ amount, currency }))).toEqual([{ amount: 24_700n, currency: 'USD' }]);
  });

  it('totals open invoices per currency and leaves paid ones out', async () => {
    const { response: created } = await t.customers.createCustomer(
      { idempotencyKey: randomUUID(), name: 'Blake Two Currencies', email: 'blake.fx@example.com' },
      as(KEYS.acme),
    );
    const customer = t.stripe.state.customers.get(local(created.customer!.id))!;
    const now = t.stripe.state.clock.now();
    const invoice = (currency: string, amount: number) =>
      createFinalizedInvoice(t.stripe.state, {
        customer, currency, description: `${amount} ${currency}`, dueDate: null,
        lines: [{ description: 'Work', amount, period: { start: now, end: now }, proration: false, price: null, subscriptionItem: null, invoiceItem: null }],
      });
    invoice('usd', 10_000);
    invoice('eur', 1_999);
    invoice('usd', 2_550);
    const paid = invoice('usd', 5_000);
    const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.invoices.pay(paid.id, { payment_method: card.id });
    expect(t.stripe.state.invoices.get(paid.id)?.status).toBe('paid');

    const { response } = await t.customers.getBalance({ customerId: created.customer!.id }, as(KEYS.acme));
    expect(response.openInvoices).toHaveLength(3);
    const totals = response.totalDue.map(({ amount, currency }) => ({ amount, currency }));
    expect(totals).toHaveLength(2);
    expect(totals).toEqual(expect.arrayContaining([{ amount: 12_550n, currency: 'USD' }, { amount: 1_999n, currency: 'EUR' }]));
  });
});
