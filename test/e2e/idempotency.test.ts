import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentStatus } from '../../src/gen/tender/v1/common_pb.js';
import { KEYS, as, grpcError, startTenderUnderTest, type TenderUnderTest } from './harness.js';

let t: TenderUnderTest;
beforeAll(async () => {
  t = await startTenderUnderTest();
});
afterAll(() => t.close());

const jordan = 'acme-stripe:cus_demo_jordan';
const sam = 'acme-stripe:cus_demo_sam';
const usd = (amount: number) => ({ amount: BigInt(amount), currency: 'USD' });

describe('idempotent charges through gRPC', () => {
  it('creates one PaymentIntent for a repeated charge with one key and replays the result', async () => {
    const before = t.stripe.state.paymentIntents.size;
    const request = { idempotencyKey: 'charge-once-1', customerId: jordan, amount: usd(1500) };
    const first = await t.payments.charge(request, as(KEYS.acme));
    const second = await t.payments.charge(request, as(KEYS.acme));
    expect(first.response.payment?.status).toBe(PaymentStatus.SUCCEEDED);
    expect(second.response.payment?.id).toBe(first.response.payment?.id);
    expect(second.response.payment?.confirmationCode).toBe(first.response.payment?.confirmationCode);
    expect(first.headers.get('idempotent-replayed')).toEqual([]);
    expect(second.headers.get('idempotent-replayed')).toEqual(['true']);
    expect(t.stripe.state.paymentIntents.size).toBe(before + 1);
  });

  it('replays a decline instead of charging again', async () => {
    const before = t.stripe.state.paymentIntents.size;
    const request = { idempotencyKey: 'decline-once-1', customerId: sam, amount: usd(2000) };
    const first = await t.payments.charge(request, as(KEYS.acme));
    const second = await t.payments.charge(request, as(KEYS.acme));
    expect(first.response.payment?.status).toBe(PaymentStatus.DECLINED);
    expect(second.response.payment).toEqual(first.response.payment);
    expect(t.stripe.state.paymentIntents.size).toBe(before + 1);
  });

  it('refuses the same key with a different request, charging nothing', async () => {
    await t.payments.charge({ idempotencyKey: 'mismatch-1', customerId: jordan, amount: usd(1000) }, as(KEYS.acme));
    const before = t.stripe.state.paymentIntents.size;
    const error = await grpcError(t.payments.charge({ idempotencyKey: 'mismatch-1', customerId: jordan, amount: usd(1001) }, as(KEYS.acme)));
    expect(error.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(error.field).toBe('idempotency_key');
    expect(t.stripe.state.paymentIntents.size).toBe(before);
  });

  it('lets exactly one of many concurrent duplicates charge; the rest get ABORTED or the same result', async () => {
    const before = t.stripe.state.paymentIntents.size;
    t.stripe.faults.add({ path: '/v1/payment_intents', mode: 'delay', ms: 300, times: 1 });
    const request = { idempotencyKey: 'concurrent-1', customerId: jordan, amount: usd(700) };
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => t.payments.charge(request, as(KEYS.acme))));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const aborted = results.filter((r) => r.status === 'rejected' && (r.reason as grpc.ServiceError).code === grpc.status.ABORTED);
    expect(ok.length + aborted.length).toBe(8);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(aborted.length).toBeGreaterThanOrEqual(1);
    const retried = await t.payments.charge(request, as(KEYS.acme));
    expect(retried.headers.get('idempotent-replayed')).toEqual(['true']);
    expect(t.stripe.state.paymentIntents.size).toBe(before + 1);
  });

  it('keys are per tenant: the same key in another tenant is a separate request', async () => {
    const a = await t.payments.charge({ idempotencyKey: 'shared-key', customerId: jordan, amount: usd(300) }, as(KEYS.acme));
    const b = await t.payments.charge({ idempotencyKey: 'shared-key', customerId: 'globex-stripe:cus_demo_jordan', amount: usd(300) }, as(KEYS.globex));
    expect(a.response.payment?.id).not.toBe(b.response.payment?.id);
    expect(b.headers.get('idempotent-replayed')).toEqual([]);
  });

  it('reports a lost response as outcome unknown, never declined, and a retry with the key settles to one payment', async () => {
    const before = t.stripe.state.paymentIntents.size;
    // Stripe processes the charge, then the connection drops before the answer arrives,
    // and Stripe answers 500 to the SDK's retries: the money moved, Tender cannot know.
    t.stripe.faults.add({ path: '/v1/payment_intents', method: 'POST', mode: 'drop_after_commit', times: 1 });
    t.stripe.faults.add({ path: '/v1/payment_intents', method: 'POST', mode: 'error500', times: 5 });
    const request = { idempotencyKey: 'lost-response-1', customerId: jordan, amount: usd(4200) };
    const first = await t.payments.charge(request, as(KEYS.acme));
    expect(first.response.payment?.status).toBe(PaymentStatus.OUTCOME_UNKNOWN);
    expect(first.response.payment?.decline).toBeUndefined();
    expect(first.response.payment?.callerMessage).toMatch(/couldn't confirm/);
    expect(t.stripe.state.paymentIntents.size).toBe(before + 1);
    t.stripe.faults.clear();
    const retry = await t.payments.charge(request, as(KEYS.acme));
    expect(retry.response.payment?.status).toBe(PaymentStatus.SUCCEEDED);
    expect(t.stripe.state.paymentIntents.size).toBe(before + 1);
  });
});
