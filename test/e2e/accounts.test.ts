import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRIPE_CAPABILITIES as STRIPE_ADAPTER_CAPABILITIES } from '../../src/adapters/stripe/adapter.js';
import { Capability, Processor } from '../../src/gen/tender/v1/common_pb.js';
import { KEYS, as, grpcError, startTenderUnderTest, type TenderUnderTest } from './harness.js';

/**
 * AccountService: a tenant sees its own accounts only, and another tenant's account
 * answers exactly like one that does not exist.
 */
let t: TenderUnderTest;
beforeAll(async () => {
  t = await startTenderUnderTest();
});
afterAll(() => t.close());

/** What the Stripe adapter declares, as the API's enum values in enum order. */
const STRIPE_CAPABILITIES = [...STRIPE_ADAPTER_CAPABILITIES]
  .map((name) => Capability[name.toUpperCase() as keyof typeof Capability])
  .sort((a, b) => a - b);

describe('ListAccounts', () => {
  it("shows only the caller's tenant's account", async () => {
    const acme = await t.accounts.listAccounts({}, as(KEYS.acme));
    expect(acme.response.accounts.map((account) => account.id)).toEqual(['acme-stripe']);
    expect(acme.response.accounts[0]).toMatchObject({ processor: Processor.STRIPE, sandbox: false, displayName: 'acme-stripe' });

    const globex = await t.accounts.listAccounts({}, as(KEYS.globex));
    expect(globex.response.accounts.map((account) => account.id)).toEqual(['globex-stripe']);
  });
});

describe('DescribeAccount', () => {
  it("lists Stripe's capabilities", async () => {
    const { response } = await t.accounts.describeAccount({ accountId: 'acme-stripe' }, as(KEYS.acme));
    expect(response.account).toMatchObject({ id: 'acme-stripe', processor: Processor.STRIPE });
    expect(response.account?.capabilities).toEqual(STRIPE_CAPABILITIES);
    expect(response.account?.capabilities).not.toContain(Capability.UNSPECIFIED);
    // What an agent relies on before offering it, and what Stripe cards never do.
    expect(response.account?.capabilities).toEqual(expect.arrayContaining([
      Capability.CUSTOMER_SEARCH_PHONE, Capability.OFF_SESSION_CHARGE, Capability.PAY_INVOICE, Capability.REFUND,
      Capability.PARTIAL_REFUND, Capability.PAYMENT_LINK, Capability.PAYMENT_LINK_EXPIRY, Capability.SUBSCRIPTIONS,
      Capability.SUBSCRIPTION_PRORATION, Capability.SUBSCRIPTION_CANCEL_AT_PERIOD_END,
    ]));
    expect(response.account?.capabilities).not.toContain(Capability.ASYNC_REFUND);
  });

  it("answers NOT_FOUND for another tenant's account, exactly as for an unknown one", async () => {
    const foreign = await grpcError(t.accounts.describeAccount({ accountId: 'globex-stripe' }, as(KEYS.acme)));
    const unknown = await grpcError(t.accounts.describeAccount({ accountId: 'no-such-account' }, as(KEYS.acme)));
    expect(foreign).toMatchObject({ code: grpc.status.NOT_FOUND, field: 'account_id' });
    expect(foreign.details).not.toContain('globex');
    expect(foreign.details).toBe(unknown.details.replace('no-such-account', 'globex-stripe'));
  });

  it('requires an account id', async () => {
    const error = await grpcError(t.accounts.describeAccount({}, as(KEYS.acme)));
    expect(error).toMatchObject({ code: grpc.status.INVALID_ARGUMENT, field: 'account_id' });
  });
});

describe('tenant isolation beyond AccountService', () => {
  it("finds the same Stripe customer only under the caller's own account", async () => {
    const query = { case: 'phone' as const, value: '(415) 555-0123' };
    const acme = await t.customers.findCustomers({ query }, as(KEYS.acme));
    const globex = await t.customers.findCustomers({ query }, as(KEYS.globex));
    expect(acme.response.customers.map((customer) => customer.id)).toEqual(['acme-stripe:cus_demo_jordan']);
    expect(globex.response.customers.map((customer) => customer.id)).toEqual(['globex-stripe:cus_demo_jordan']);
  });

  it("refuses to narrow a search to another tenant's account", async () => {
    const error = await grpcError(
      t.customers.findCustomers({ query: { case: 'email', value: 'jordan.rivera@example.com' }, accountId: 'globex-stripe' }, as(KEYS.acme)),
    );
    expect(error).toMatchObject({ code: grpc.status.NOT_FOUND, field: 'account_id' });
  });
});
