import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentStatus } from '../../src/gen/tender/v1/common_pb.js';
import { DeclineLimitScope } from '../../src/gen/tender/v1/operations_pb.js';
import { RefundReason, RefundStatus } from '../../src/gen/tender/v1/payments_pb.js';
import { RECONCILER_KEY_ID } from '../../src/reconcile/system-call.js';
import { KEYS, as, grpcError, startTenderUnderTest, type TenderUnderTest } from './harness.js';

/**
 * Tender settles an unknown outcome by itself (payments-domain.md, "Timeouts are not
 * declines"): the caller hears OUTCOME_UNKNOWN with a reference, and the reconciler
 * re-runs the call under the same idempotency and processor keys until the processor
 * tells what happened; the reference then reads as that payment. Counted at the sandbox:
 * never a second PaymentIntent. Runs on the memory store and on Redis.
 */
const usd = (amount: number) => ({ amount: BigInt(amount), currency: 'USD' });
const jordan = 'acme-stripe:cus_demo_jordan';
const SOON = 60_000;

describe.each(['memory', 'redis'] as const)('unknown outcomes settled by Tender (%s store)', (store) => {
  let t: TenderUnderTest;
  beforeAll(async () => {
    t = await startTenderUnderTest({ store });
  });
  afterAll(() => t.close());

  /** Settles what is due, as the background turn would once the first delay has passed. */
  const reconcile = () => t.tender.reconciler.runOnce({ asOf: Date.now() + SOON });
  const getPayment = async (paymentId: string) => (await t.payments.getPayment({ paymentId }, as(KEYS.acme))).response.payment!;

  /** The processor makes the charge, then the answer is lost and Stripe errs on the SDK's retries. */
  function loseNextChargeAnswer(): void {
    t.stripe.faults.add({ path: '/v1/payment_intents', method: 'POST', mode: 'drop_after_commit', times: 1 });
    t.stripe.faults.add({ path: '/v1/payment_intents', method: 'POST', mode: 'error500', times: 5 });
  }

  it('settles a lost charge without the caller: the reference reads SUCCEEDED as the one payment, and a retry replays it', async () => {
    const before = t.stripe.state.paymentIntents.size;
    loseNextChargeAnswer();
    const request = { idempotencyKey: randomUUID(), customerId: jordan, amount: usd(4_200), description: 'work order 77' };
    const first = (await t.payments.charge(request, as(KEYS.acme))).response.payment!;
    expect(first.status).toBe(PaymentStatus.OUTCOME_UNKNOWN);
    expect(first.id).toMatch(/^acme-stripe:unsettled_[A-Za-z0-9_-]+$/);
    expect(first.confirmationCode).toBe('');
    expect(first.decline).toBeUndefined();

    const pending = await getPayment(first.id);
    expect(pending).toMatchObject({ id: first.id, status: PaymentStatus.OUTCOME_UNKNOWN, customerId: jordan, description: 'work order 77' });
    expect(pending.amount?.amount).toBe(4_200n);
    const early = await grpcError(t.payments.refundPayment({ idempotencyKey: randomUUID(), paymentId: first.id, reason: RefundReason.REQUESTED_BY_CUSTOMER }, as(KEYS.acme)));
    expect(early).toMatchObject({ code: grpc.status.FAILED_PRECONDITION, field: 'payment_id' });

    t.stripe.faults.clear();
    expect(await reconcile()).toEqual(['settled']);
    const settled = await getPayment(first.id);
    expect(settled.status).toBe(PaymentStatus.SUCCEEDED);
    expect(settled.id).toMatch(/^acme-stripe:pi_/);
    expect(settled.confirmationCode).not.toBe('');
    expect(t.stripe.state.paymentIntents.size).toBe(before + 1);

    const retry = await t.payments.charge(request, as(KEYS.acme));
    expect(retry.headers.get('idempotent-replayed')).toEqual(['true']);
    expect(retry.response.payment?.id).toBe(settled.id);
    expect(await reconcile()).toEqual([]);
    expect(t.stripe.state.paymentIntents.size).toBe(before + 1);

    const events = await t.tender.store.events.read('acme', { limit: 1000 });
    const byReconciler = events.filter((event) => event.data.apiKeyId === RECONCILER_KEY_ID);
    expect(byReconciler.map((event) => [event.type, event.data.paymentId])).toEqual([['payment.succeeded', settled.id.split(':')[1]]]);

    // The reference now stands for the payment: a refund through it refunds the payment.
    const refund = await t.payments.refundPayment({ idempotencyKey: randomUUID(), paymentId: first.id, reason: RefundReason.REQUESTED_BY_CUSTOMER }, as(KEYS.acme));
    expect(refund.response.refund).toMatchObject({ paymentId: settled.id, status: RefundStatus.SUCCEEDED });
  });

  it('sends a charge that never reached the processor once, under the same processor key', async () => {
    const before = t.stripe.state.paymentIntents.size;
    t.stripe.faults.add({ path: '/v1/payment_intents', method: 'POST', mode: 'error500', times: 5 });
    const first = (await t.payments.charge({ idempotencyKey: randomUUID(), customerId: jordan, amount: usd(1_100) }, as(KEYS.acme))).response.payment!;
    expect(first.status).toBe(PaymentStatus.OUTCOME_UNKNOWN);
    expect(t.stripe.state.paymentIntents.size).toBe(before);
    t.stripe.faults.clear();
    expect(await reconcile()).toEqual(['settled']);
    expect((await getPayment(first.id)).status).toBe(PaymentStatus.SUCCEEDED);
    expect(await reconcile()).toEqual([]);
    expect(t.stripe.state.paymentIntents.size).toBe(before + 1);
  });

  it('keeps asking while the processor still fails, and never tells the caller anything but unknown meanwhile', async () => {
    const before = t.stripe.state.paymentIntents.size;
    loseNextChargeAnswer();
    const first = (await t.payments.charge({ idempotencyKey: randomUUID(), customerId: jordan, amount: usd(900) }, as(KEYS.acme))).response.payment!;
    t.stripe.faults.add({ path: '/v1/payment_intents', method: 'POST', mode: 'error500', times: 10 });
    expect(await reconcile()).toEqual(['pending']);
    const record = await t.tender.store.unsettled.get('acme', first.id.split(':')[1]!);
    expect(record).toMatchObject({ state: 'pending', attempts: 1 });
    expect(record!.dueAt).toBeGreaterThan(Date.now());
    expect((await getPayment(first.id)).status).toBe(PaymentStatus.OUTCOME_UNKNOWN);
    t.stripe.faults.clear();
    expect(await reconcile()).toEqual(['settled']);
    expect((await getPayment(first.id)).status).toBe(PaymentStatus.SUCCEEDED);
    expect(t.stripe.state.paymentIntents.size).toBe(before + 1);
  });

  it("takes the caller's own settling retry as the answer", async () => {
    const before = t.stripe.state.paymentIntents.size;
    loseNextChargeAnswer();
    const request = { idempotencyKey: randomUUID(), customerId: jordan, amount: usd(700) };
    const first = (await t.payments.charge(request, as(KEYS.acme))).response.payment!;
    t.stripe.faults.clear();
    const retried = (await t.payments.charge(request, as(KEYS.acme))).response.payment!;
    expect(retried.status).toBe(PaymentStatus.SUCCEEDED);
    // Read before the reconciler has run: the stored result already answers.
    expect((await getPayment(first.id)).id).toBe(retried.id);
    expect(await reconcile()).toEqual(['settled']);
    expect((await getPayment(first.id)).id).toBe(retried.id);
    expect(t.stripe.state.paymentIntents.size).toBe(before + 1);
  });

  it('settles a declined truth as DECLINED and counts it once against the decline limits', async () => {
    const stripe = new Stripe(t.stripe.secretKey, { host: '127.0.0.1', port: t.stripe.port, protocol: 'http' });
    const customer = await stripe.customers.create({ name: 'Reconcile Decline' });
    const card = await stripe.paymentMethods.attach('pm_card_visa_chargeDeclined', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
    const customerId = `acme-stripe:${customer.id}`;
    const paymentMethodId = `acme-stripe:${card.id}`;

    loseNextChargeAnswer();
    const first = (await t.payments.charge({ idempotencyKey: randomUUID(), customerId, paymentMethodId, amount: usd(2_500) }, as(KEYS.acme))).response.payment!;
    expect(first.status).toBe(PaymentStatus.OUTCOME_UNKNOWN);
    t.stripe.faults.clear();
    expect(await reconcile()).toEqual(['settled']);
    const settled = await getPayment(first.id);
    expect(settled.status).toBe(PaymentStatus.DECLINED);
    expect(settled.decline?.callerMessage).not.toBe('');

    const { response } = await t.operations.getDeclineLimits({ customerId, paymentMethodId }, as(KEYS.acmeOperationsRead));
    const counts = Object.fromEntries(response.limits.map((limit) => [limit.scope, [limit.count, limit.inFlight]]));
    expect(counts[DeclineLimitScope.CUSTOMER_DECLINES]).toEqual([1, 0]);
    expect(counts[DeclineLimitScope.PAYMENT_METHOD_ATTEMPTS]).toEqual([1, 0]);
    expect(counts[DeclineLimitScope.PAYMENT_METHOD_DECLINES]).toEqual([1, 0]);
  });

  it('gives up past the safe window without re-sending: the payment stays unknown and operations are told', async () => {
    const before = t.stripe.state.paymentIntents.size;
    t.stripe.faults.add({ path: '/v1/payment_intents', method: 'POST', mode: 'error500', times: 5 });
    const first = (await t.payments.charge({ idempotencyKey: randomUUID(), customerId: jordan, amount: usd(300) }, as(KEYS.acme))).response.payment!;
    t.stripe.faults.clear();
    const ref = first.id.split(':')[1]!;
    const record = (await t.tender.store.unsettled.get('acme', ref))!;
    // As if it had been unknown for a day: the processor may have forgotten the key.
    await t.tender.store.unsettled.update({ ...record, createdAt: Date.now() - 24 * 3_600_000 }, 3_600_000);
    expect(await reconcile()).toEqual(['abandoned']);
    expect(t.stripe.state.paymentIntents.size).toBe(before);
    expect((await getPayment(first.id)).status).toBe(PaymentStatus.OUTCOME_UNKNOWN);
    expect((await t.tender.store.unsettled.get('acme', ref))?.state).toBe('abandoned');
    const events = await t.tender.store.events.read('acme', { limit: 1000 });
    expect(events.some((event) => event.type === 'reconcile.abandoned' && event.data.ref === ref)).toBe(true);
    expect(await reconcile()).toEqual([]);
  });

  it("keeps one tenant's references from another", async () => {
    t.stripe.faults.add({ path: '/v1/payment_intents', method: 'POST', mode: 'error500', times: 5 });
    const first = (await t.payments.charge({ idempotencyKey: randomUUID(), customerId: jordan, amount: usd(200) }, as(KEYS.acme))).response.payment!;
    t.stripe.faults.clear();
    const ref = first.id.split(':')[1]!;
    const asGlobex = await grpcError(t.payments.getPayment({ paymentId: `globex-stripe:${ref}` }, as(KEYS.globex)));
    expect(asGlobex.code).toBe(grpc.status.NOT_FOUND);
    await reconcile();
  });
});
