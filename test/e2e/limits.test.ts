import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentStatus } from '../../src/gen/tender/v1/common_pb.js';
import { DeclineLimitScope } from '../../src/gen/tender/v1/operations_pb.js';
import { startStripeSandbox, type StripeSandbox } from '../../src/sandboxes/stripe/index.js';
import { KEYS, as, grpcError, startTenderUnderTest, type TenderUnderTest } from './harness.js';

/**
 * Decline limits through gRPC against the Stripe sandbox (payments-domain.md, "Declines
 * and retries"): what is refused, that a refusal never reaches "Stripe", what counts and
 * what does not, per tenant, under concurrency, and what operations see and reset.
 */
const usd = (amount: number) => ({ amount: BigInt(amount), currency: 'USD' });
const NAMES_THE_REASON = /fraud|stolen|lost|theft/i;
const DAY_S = 86_400;

/** A fresh Stripe customer holding the given test cards (the first is the default), reachable from both tenants. */
async function customerWith(sandbox: StripeSandbox, ...testCards: string[]) {
  const stripe = new Stripe(sandbox.secretKey, { host: '127.0.0.1', port: sandbox.port, protocol: 'http' });
  const customer = await stripe.customers.create({ name: 'Limits Test' });
  const cards: string[] = [];
  for (const card of testCards) cards.push((await stripe.paymentMethods.attach(card, { customer: customer.id })).id);
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: cards[0] } });
  return { local: customer.id, in: (account: string) => `${account}:${customer.id}`, cards: cards.map((id) => `acme-stripe:${id}`) };
}

/** PaymentIntents "Stripe" holds for a customer: what reached the processor. */
const intentsOf = (sandbox: StripeSandbox, localCustomer: string) =>
  [...sandbox.state.paymentIntents.values()].filter((intent) => intent.customer === localCustomer).length;

/** A failed call's status, field and retry-after trailer. */
async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (reason: unknown) => reason as grpc.ServiceError);
  if (!error) throw new Error('expected the charge to be refused');
  const trailer = (key: string) => error.metadata.get(key)[0] as string | undefined;
  return { code: error.code, details: error.details, field: trailer('tender-field'), retryAfter: Number(trailer('retry-after-seconds')) };
}

describe('decline limits, one Tender', () => {
  let t: TenderUnderTest;
  const charge = (customerId: string, paymentMethodId = '', idempotencyKey = randomUUID(), key: string = KEYS.acme) =>
    t.payments.charge({ idempotencyKey, customerId, paymentMethodId, amount: usd(1_500) }, as(key));
  const status = async (call: ReturnType<typeof charge>) => (await call).response.payment?.status;

  beforeAll(async () => {
    t = await startTenderUnderTest({ declineLimits: { globex: { customerDeclines: 1 } } });
  });
  afterAll(() => t.close());

  it("refuses Sam's fourth charge after three declines, before Stripe, saying when and what to offer", async () => {
    const sam = 'acme-stripe:cus_demo_sam';
    for (let n = 0; n < 3; n++) expect(await status(charge(sam))).toBe(PaymentStatus.DECLINED);
    const before = intentsOf(t.stripe, 'cus_demo_sam');
    const refused = await refusal(charge(sam));
    expect(refused).toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED, field: 'customer_id' });
    expect(refused.retryAfter).toBeGreaterThan(14 * 60);
    expect(refused.retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(refused.details).toContain(`allowed in ${refused.retryAfter} seconds`);
    expect(refused.details).toMatch(/text you a secure link to pay, or connect you with someone from our team/);
    expect(intentsOf(t.stripe, 'cus_demo_sam')).toBe(before);
  });

  it('blocks a hard-declined card for 30 days while another card of the customer works, until the customer limit', async () => {
    const holder = await customerWith(t.stripe, 'pm_card_visa_chargeDeclinedLostCard', 'pm_card_visa', 'pm_card_visa_chargeDeclined');
    const [lost, good, declining] = holder.cards as [string, string, string];
    const customer = holder.in('acme-stripe');
    const first = (await charge(customer, lost)).response.payment;
    expect(first?.decline?.hard).toBe(true);

    const blocked = await refusal(charge(customer, lost));
    expect(blocked).toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED, field: 'payment_method_id' });
    expect(blocked.retryAfter).toBeGreaterThan(29 * DAY_S);
    expect(blocked.details).toMatch(/different card/);
    expect(blocked.details).not.toMatch(NAMES_THE_REASON);
    // Named or as the default, the lost card is not sent again.
    expect((await refusal(charge(customer))).field).toBe('payment_method_id');
    expect(intentsOf(t.stripe, holder.local)).toBe(1);

    expect(await status(charge(customer, good))).toBe(PaymentStatus.SUCCEEDED);
    for (let n = 0; n < 2; n++) expect(await status(charge(customer, declining))).toBe(PaymentStatus.DECLINED);
    expect((await refusal(charge(customer, good))).field).toBe('customer_id');
    expect(intentsOf(t.stripe, holder.local)).toBe(4);
  });

  it('does not count successful charges as declines', async () => {
    const holder = await customerWith(t.stripe, 'pm_card_visa');
    for (let n = 0; n < 5; n++) expect(await status(charge(holder.in('acme-stripe'), holder.cards[0]))).toBe(PaymentStatus.SUCCEEDED);
    const { response } = await t.operations.getDeclineLimits(
      { customerId: holder.in('acme-stripe'), paymentMethodId: holder.cards[0] }, as(KEYS.acmeOperationsRead));
    expect(response.blocked).toBe(false);
    expect(response.limits.map((limit) => [limit.scope, limit.count])).toEqual([
      [DeclineLimitScope.CUSTOMER_DECLINES, 0], [DeclineLimitScope.PAYMENT_METHOD_ATTEMPTS, 0],
      [DeclineLimitScope.PAYMENT_METHOD_DECLINES, 0], [DeclineLimitScope.PAYMENT_METHOD_HARD_DECLINE, 0],
    ]);
  });

  it('does not count an idempotent replay', async () => {
    const holder = await customerWith(t.stripe, 'pm_card_visa_chargeDeclined');
    const customer = holder.in('acme-stripe');
    const key = randomUUID();
    for (let n = 0; n < 5; n++) expect(await status(charge(customer, '', key))).toBe(PaymentStatus.DECLINED);
    expect(intentsOf(t.stripe, holder.local)).toBe(1);
    const { response } = await t.operations.getDeclineLimits({ customerId: customer }, as(KEYS.acmeOperationsRead));
    expect(response.limits[0]).toMatchObject({ scope: DeclineLimitScope.CUSTOMER_DECLINES, count: 1, limit: 3 });
  });

  it("keeps each tenant's settings and counts apart", async () => {
    const holder = await customerWith(t.stripe, 'pm_card_visa_chargeDeclined');
    expect(await status(charge(holder.in('globex-stripe'), '', randomUUID(), KEYS.globex))).toBe(PaymentStatus.DECLINED);
    expect((await refusal(charge(holder.in('globex-stripe'), '', randomUUID(), KEYS.globex))).code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    // The same Stripe customer under acme: its own count, its own limit of 3.
    for (let n = 0; n < 3; n++) expect(await status(charge(holder.in('acme-stripe')))).toBe(PaymentStatus.DECLINED);
    expect((await refusal(charge(holder.in('acme-stripe')))).code).toBe(grpc.status.RESOURCE_EXHAUSTED);
  });

  it('shows the limits to operations:read, resets them only for operations:write, audited, and frees the refused key', async () => {
    const holder = await customerWith(t.stripe, 'pm_card_visa_chargeDeclined');
    const customer = holder.in('acme-stripe');
    const card = holder.cards[0]!;
    for (let n = 0; n < 3; n++) await charge(customer, card);
    const refusedKey = randomUUID();
    await refusal(charge(customer, card, refusedKey));

    const read = await t.operations.getDeclineLimits({ customerId: customer, paymentMethodId: card }, as(KEYS.acmeOperationsRead));
    expect(read.response.blocked).toBe(true);
    expect(read.response.limits.map((limit) => [limit.scope, limit.count, limit.limit, Number(limit.window?.seconds)])).toEqual([
      [DeclineLimitScope.CUSTOMER_DECLINES, 3, 3, 15 * 60],
      [DeclineLimitScope.PAYMENT_METHOD_ATTEMPTS, 3, 15, 30 * DAY_S],
      [DeclineLimitScope.PAYMENT_METHOD_DECLINES, 3, 10, DAY_S],
      [DeclineLimitScope.PAYMENT_METHOD_HARD_DECLINE, 0, 1, 30 * DAY_S],
    ]);
    const until = Number(read.response.blockedUntil?.seconds) - Date.now() / 1000;
    expect(until).toBeGreaterThan(14 * 60);
    expect(read.response.limits[0]?.blockedUntil).toEqual(read.response.blockedUntil);

    const reset = { idempotencyKey: randomUUID(), customerId: customer, paymentMethodId: card, reason: 'Caller verified by phone' };
    expect((await grpcError(t.operations.resetDeclineLimits(reset, as(KEYS.acmeOperationsRead)))).code).toBe(grpc.status.PERMISSION_DENIED);
    expect(await grpcError(t.operations.resetDeclineLimits({ ...reset, reason: ' ' }, as(KEYS.acme))))
      .toMatchObject({ code: grpc.status.INVALID_ARGUMENT, field: 'reason' });
    expect((await grpcError(t.operations.getDeclineLimits({ customerId: holder.in('globex-stripe') }, as(KEYS.acme)))).code)
      .toBe(grpc.status.NOT_FOUND);

    const done = await t.operations.resetDeclineLimits(reset, as(KEYS.acme));
    expect(done.response.blocked).toBe(false);
    expect(done.response.limits.map((limit) => limit.count)).toEqual([0, 0, 0, 0]);
    const events = await t.tender.store.events.read('acme', { limit: 1000 });
    expect(events.filter((event) => event.type === 'decline_limits.reset').map((event) => event.data)).toEqual([
      expect.objectContaining({ customerId: holder.local, reason: 'Caller verified by phone', apiKeyId: 'acme-all' }),
    ]);
    expect(events.some((event) => event.type === 'decline_limits.refused' && event.data.customerId === holder.local)).toBe(true);

    // The refused key was not stored: it charges now.
    expect(await status(charge(customer, card, refusedKey))).toBe(PaymentStatus.DECLINED);
    expect(intentsOf(t.stripe, holder.local)).toBe(4);
  });
});

describe('decline limits, two Tenders sharing one Redis', () => {
  let stripe: StripeSandbox;
  let a: TenderUnderTest;
  let b: TenderUnderTest;
  beforeAll(async () => {
    stripe = await startStripeSandbox();
    [a, b] = await Promise.all([startTenderUnderTest({ store: 'redis', stripe }), startTenderUnderTest({ store: 'redis', stripe })]);
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
    await stripe.close();
  });

  it('lets at most 3 of 10 concurrent charges of a declining customer reach Stripe', async () => {
    const holder = await customerWith(stripe, 'pm_card_visa_chargeDeclined');
    const customer = holder.in('acme-stripe');
    // Each charge that gets through stays in flight a while, so all ten overlap.
    stripe.faults.add({ path: '/v1/payment_intents', method: 'POST', mode: 'delay', ms: 300, times: 10 });
    try {
      const results = await Promise.allSettled(Array.from({ length: 10 }, (_, n) =>
        (n % 2 === 0 ? a : b).payments.charge({ idempotencyKey: randomUUID(), customerId: customer, amount: usd(900) }, as(KEYS.acme))));
      const declined = results.filter((r) => r.status === 'fulfilled' && r.value.response.payment?.status === PaymentStatus.DECLINED);
      const refused = results.filter((r) => r.status === 'rejected' && (r.reason as grpc.ServiceError).code === grpc.status.RESOURCE_EXHAUSTED);
      expect(declined.length + refused.length).toBe(10);
      expect(declined.length).toBeLessThanOrEqual(3);
      expect(intentsOf(stripe, holder.local)).toBe(declined.length);
    } finally {
      stripe.faults.clear();
    }
    const after = await refusal(b.payments.charge({ idempotencyKey: randomUUID(), customerId: customer, amount: usd(900) }, as(KEYS.acme)));
    expect(after.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(intentsOf(stripe, holder.local)).toBeLessThanOrEqual(3);
  });
});
