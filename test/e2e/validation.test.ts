import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, as, grpcError, startTenderUnderTest, type TenderUnderTest } from './harness.js';

let t: TenderUnderTest;
beforeAll(async () => {
  t = await startTenderUnderTest();
});
afterAll(() => t.close());

const jordan = 'acme-stripe:cus_demo_jordan';
const money = (amount: bigint, currency = 'USD') => ({ amount, currency });

describe('bad input gets a clear error naming the field and changes nothing', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['missing idempotency key', { customerId: jordan, amount: money(100n) }, 'idempotency_key'],
    ['zero amount', { idempotencyKey: 'v1', customerId: jordan, amount: money(0n) }, 'amount.amount'],
    ['negative amount', { idempotencyKey: 'v2', customerId: jordan, amount: money(-100n) }, 'amount.amount'],
    ['amount beyond range', { idempotencyKey: 'v3', customerId: jordan, amount: money(10_000_000_000n) }, 'amount.amount'],
    ['lower-case currency', { idempotencyKey: 'v4', customerId: jordan, amount: money(100n, 'usd') }, 'amount.currency'],
    ['unknown currency', { idempotencyKey: 'v5', customerId: jordan, amount: money(100n, 'ABC') }, 'amount.currency'],
    ['no amount and no invoice', { idempotencyKey: 'v6', customerId: jordan }, 'amount'],
    ['malformed customer id', { idempotencyKey: 'v7', customerId: 'cus_demo_jordan', amount: money(100n) }, 'customer_id'],
    ['oversized description', { idempotencyKey: 'v8', customerId: jordan, amount: money(100n), description: 'x'.repeat(501) }, 'description'],
  ];

  for (const [name, request, field] of cases) {
    it(`Charge: ${name} -> INVALID_ARGUMENT (${field})`, async () => {
      const before = t.stripe.state.paymentIntents.size;
      const error = await grpcError(t.payments.charge(request, as(KEYS.acme)));
      expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(error.field).toBe(field);
      expect(error.details).toContain(field);
      expect(t.stripe.state.paymentIntents.size).toBe(before);
    });
  }

  it('refuses a card number in any string field without echoing it', async () => {
    const before = t.stripe.state.paymentIntents.size;
    const pan = '4242 4242 4242 4242';
    const attempts = [
      t.payments.charge({ idempotencyKey: 'pan-1', customerId: jordan, amount: money(100n), description: `card ${pan}` }, as(KEYS.acme)),
      t.payments.charge({ idempotencyKey: 'pan-2', customerId: jordan, amount: money(100n), metadata: { note: '4000-0566-5566-5556' } }, as(KEYS.acme)),
      t.customers.createCustomer({ idempotencyKey: 'pan-3', name: 'Card 5555555555554444', phone: '+14155550999' }, as(KEYS.acme)),
      t.customers.findCustomers({ query: { case: 'email', value: '4242424242424242@example.com' } }, as(KEYS.acme)),
    ];
    for (const attempt of attempts) {
      const error = await grpcError(attempt);
      expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(error.details).toMatch(/card number/);
      expect(error.details).not.toMatch(/\d{4}/);
    }
    expect(t.stripe.state.paymentIntents.size).toBe(before);
    expect(t.logs()).not.toMatch(/4242 ?4242|5555555555554444|4000-0566/);
  });

  it('respects each currency exponent when speaking amounts', async () => {
    const customer = await t.customers.createCustomer({ idempotencyKey: 'jpy-cust', name: 'Yuki', email: 'yuki@example.com' }, as(KEYS.acme));
    expect(customer.response.customer?.id).toMatch(/^acme-stripe:cus_/);
    const charged = await t.payments.charge({ idempotencyKey: 'jpy-1', customerId: jordan, amount: money(1250n, 'JPY') }, as(KEYS.acme));
    expect(charged.response.payment?.callerMessage).toContain('¥1,250');
  });

  it('refuses unknown enum values and missing required fields with the field named', async () => {
    const refund = await grpcError(t.payments.refundPayment({ idempotencyKey: 'r-1', paymentId: 'acme-stripe:pi_x' }, as(KEYS.acme)));
    expect(refund.field).toBe('reason');
    const cancel = await grpcError(t.subscriptions.cancelSubscription({ idempotencyKey: 'c-1', subscriptionId: 'acme-stripe:sub_demo_jordan' }, as(KEYS.acme)));
    expect(cancel.field).toBe('timing');
    const describe = await grpcError(t.accounts.describeAccount({}, as(KEYS.acme)));
    expect(describe.field).toBe('account_id');
  });
});
