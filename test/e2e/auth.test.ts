import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, as, grpcError, startTenderUnderTest, type TenderUnderTest } from './harness.js';

let t: TenderUnderTest;
beforeAll(async () => {
  t = await startTenderUnderTest();
});
afterAll(() => t.close());

const usd = (amount: number) => ({ amount: BigInt(amount), currency: 'USD' });

describe('authentication, scopes and tenant isolation', () => {
  it('refuses a missing or unknown key with UNAUTHENTICATED', async () => {
    expect((await grpcError(t.accounts.listAccounts({}, {}))).code).toBe(grpc.status.UNAUTHENTICATED);
    expect((await grpcError(t.accounts.listAccounts({}, as('not-a-key')))).code).toBe(grpc.status.UNAUTHENTICATED);
  });

  it('refuses a call outside the key scopes with PERMISSION_DENIED, before anything moves', async () => {
    const before = t.stripe.state.paymentIntents.size;
    const error = await grpcError(t.payments.charge(
      { idempotencyKey: 'scope-1', customerId: 'acme-stripe:cus_demo_jordan', amount: usd(100) }, as(KEYS.acmeReadOnly)));
    expect(error.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(t.stripe.state.paymentIntents.size).toBe(before);
    const allowed = await t.customers.getCustomer({ customerId: 'acme-stripe:cus_demo_jordan' }, as(KEYS.acmeReadOnly));
    expect(allowed.response.customer?.name).toBe('Jordan Rivera');
  });

  it("answers another tenant's ids exactly like ids that do not exist", async () => {
    const theirs = await grpcError(t.customers.getCustomer({ customerId: 'globex-stripe:cus_demo_jordan' }, as(KEYS.acme)));
    const missing = await grpcError(t.customers.getCustomer({ customerId: 'acme-stripe:cus_nobody' }, as(KEYS.acme)));
    const noAccount = await grpcError(t.customers.getCustomer({ customerId: 'nowhere:cus_demo_jordan' }, as(KEYS.acme)));
    for (const error of [theirs, missing, noAccount]) {
      expect(error.code).toBe(grpc.status.NOT_FOUND);
      expect(error.details).toBe('customer_id: not found');
    }
    const before = t.stripe.state.paymentIntents.size;
    const charge = await grpcError(t.payments.charge(
      { idempotencyKey: 'cross-1', customerId: 'globex-stripe:cus_demo_jordan', amount: usd(100) }, as(KEYS.acme)));
    expect(charge.code).toBe(grpc.status.NOT_FOUND);
    expect(t.stripe.state.paymentIntents.size).toBe(before);
  });

  it("does not search another tenant's accounts", async () => {
    const found = await t.customers.findCustomers({ query: { case: 'phone', value: '+14155550123' } }, as(KEYS.acme));
    expect(found.response.customers.map((c) => c.id)).toEqual(['acme-stripe:cus_demo_jordan']);
    const other = await grpcError(t.customers.findCustomers(
      { query: { case: 'phone', value: '+14155550123' }, accountId: 'globex-stripe' }, as(KEYS.acme)));
    expect(other.code).toBe(grpc.status.NOT_FOUND);
  });
});
