import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentStatus } from '../../src/gen/tender/v1/common_pb.js';
import { RefundMethod, RefundReason, RefundStatus } from '../../src/gen/tender/v1/payments_pb.js';
import { KEYS, as, grpcError, startTenderUnderTest, type TenderUnderTest } from './harness.js';

/** RefundPayment end to end: amounts, bounds, preconditions and idempotency, checked at "Stripe". */
let t: TenderUnderTest;
beforeAll(async () => {
  t = await startTenderUnderTest();
});
afterAll(() => t.close());

const jordan = 'acme-stripe:cus_demo_jordan';
const sam = 'acme-stripe:cus_demo_sam';
const usd = (amount: number) => ({ amount: BigInt(amount), currency: 'USD' });
const local = (neutralId: string) => neutralId.slice('acme-stripe:'.length);
const REQUESTED = RefundReason.REQUESTED_BY_CUSTOMER;

/** A succeeded charge on Jordan's default Visa. */
async function paidPayment(amount: number): Promise<string> {
  const { response } = await t.payments.charge({ idempotencyKey: randomUUID(), customerId: jordan, amount: usd(amount) }, as(KEYS.acme));
  expect(response.payment?.status).toBe(PaymentStatus.SUCCEEDED);
  return response.payment!.id;
}

function refund(paymentId: string, fields: { amount?: number; reason?: RefundReason; key?: string } = {}) {
  return t.payments.refundPayment(
    {
      idempotencyKey: fields.key ?? randomUUID(),
      paymentId,
      reason: fields.reason ?? REQUESTED,
      ...(fields.amount === undefined ? {} : { amount: usd(fields.amount) }),
    },
    as(KEYS.acme),
  );
}

/** The refunds "Stripe" holds for one payment. */
const refundsAtStripe = (paymentId: string) =>
  [...t.stripe.state.refunds.values()].filter((r) => r.payment_intent === local(paymentId));

async function refundedSoFar(paymentId: string): Promise<bigint | undefined> {
  const { response } = await t.payments.getPayment({ paymentId }, as(KEYS.acme));
  return response.payment?.amountRefunded?.amount;
}

describe('RefundPayment', () => {
  it('refunds the whole payment when no amount is given', async () => {
    const paymentId = await paidPayment(5_000);
    const { response } = await refund(paymentId);
    expect(response.refund).toMatchObject({
      paymentId,
      amount: { amount: 5_000n, currency: 'USD' },
      status: RefundStatus.SUCCEEDED,
      reason: REQUESTED,
      method: RefundMethod.REFUND,
    });
    expect(response.refund?.id).toMatch(/^acme-stripe:re_/);
    expect(response.refund?.callerMessage).toContain('$50.00');
    expect(refundsAtStripe(paymentId).map((r) => r.amount)).toEqual([5_000]);
    expect(await refundedSoFar(paymentId)).toBe(5_000n);
  });

  it('refunds in parts until nothing is left, then refuses another refund', async () => {
    const paymentId = await paidPayment(10_000);
    expect((await refund(paymentId, { amount: 3_000 })).response.refund?.amount?.amount).toBe(3_000n);
    expect(await refundedSoFar(paymentId)).toBe(3_000n);
    expect((await refund(paymentId, { amount: 2_500 })).response.refund?.amount?.amount).toBe(2_500n);
    expect(await refundedSoFar(paymentId)).toBe(5_500n);
    // Without an amount, the rest: 45.00.
    expect((await refund(paymentId)).response.refund?.amount?.amount).toBe(4_500n);
    expect(await refundedSoFar(paymentId)).toBe(10_000n);
    expect(t.stripe.state.charges.get(t.stripe.state.paymentIntents.get(local(paymentId))!.latest_charge!)?.refunded).toBe(true);

    const again = await grpcError(refund(paymentId, { amount: 100 }));
    expect(again.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(refundsAtStripe(paymentId)).toHaveLength(3);
  });

  it('refuses more than what is left with INVALID_ARGUMENT on amount.amount, refunding nothing', async () => {
    const paymentId = await paidPayment(4_000);
    const whole = await grpcError(refund(paymentId, { amount: 4_001 }));
    expect(whole).toMatchObject({ code: grpc.status.INVALID_ARGUMENT, field: 'amount.amount' });
    expect(refundsAtStripe(paymentId)).toHaveLength(0);

    await refund(paymentId, { amount: 1_000 });
    const rest = await grpcError(refund(paymentId, { amount: 3_001 }));
    expect(rest).toMatchObject({ code: grpc.status.INVALID_ARGUMENT, field: 'amount.amount' });
    expect(refundsAtStripe(paymentId).map((r) => r.amount)).toEqual([1_000]);
    expect(await refundedSoFar(paymentId)).toBe(1_000n);
  });

  it('refuses to refund a declined payment with FAILED_PRECONDITION', async () => {
    const { response } = await t.payments.charge({ idempotencyKey: randomUUID(), customerId: sam, amount: usd(2_000) }, as(KEYS.acme));
    expect(response.payment?.status).toBe(PaymentStatus.DECLINED);
    const before = t.stripe.state.refunds.size;
    const error = await grpcError(refund(response.payment!.id));
    expect(error).toMatchObject({ code: grpc.status.FAILED_PRECONDITION, field: 'payment_id' });
    expect(t.stripe.state.refunds.size).toBe(before);
  });

  it('refuses a refund in another currency than the payment with INVALID_ARGUMENT', async () => {
    const paymentId = await paidPayment(3_000);
    const error = await grpcError(
      t.payments.refundPayment({ idempotencyKey: randomUUID(), paymentId, reason: REQUESTED, amount: { amount: 1_000n, currency: 'EUR' } }, as(KEYS.acme)),
    );
    expect(error).toMatchObject({ code: grpc.status.INVALID_ARGUMENT, field: 'amount.currency' });
    expect(refundsAtStripe(paymentId)).toHaveLength(0);
  });

  it('requires a reason: INVALID_ARGUMENT on reason', async () => {
    const paymentId = await paidPayment(3_000);
    const error = await grpcError(refund(paymentId, { reason: RefundReason.UNSPECIFIED }));
    expect(error).toMatchObject({ code: grpc.status.INVALID_ARGUMENT, field: 'reason' });
    expect(refundsAtStripe(paymentId)).toHaveLength(0);
  });

  it('replays one refund for a repeated key', async () => {
    const paymentId = await paidPayment(6_000);
    const before = t.stripe.state.refunds.size;
    const first = await refund(paymentId, { amount: 2_000, key: 'refund-once-1' });
    const second = await refund(paymentId, { amount: 2_000, key: 'refund-once-1' });
    expect(second.response.refund).toEqual(first.response.refund);
    expect(first.headers.get('idempotent-replayed')).toEqual([]);
    expect(second.headers.get('idempotent-replayed')).toEqual(['true']);
    expect(t.stripe.state.refunds.size).toBe(before + 1);
    expect(await refundedSoFar(paymentId)).toBe(2_000n);
  });

  it('keeps a reason Stripe does not have, sending Stripe its closest one', async () => {
    const paymentId = await paidPayment(2_000);
    const { response } = await refund(paymentId, { reason: RefundReason.SERVICE_NOT_PROVIDED });
    expect(response.refund?.reason).toBe(RefundReason.SERVICE_NOT_PROVIDED);
    expect(refundsAtStripe(paymentId)[0]?.reason).toBe('requested_by_customer');
  });

  it("answers NOT_FOUND for another tenant's payment, refunding nothing", async () => {
    const paymentId = await paidPayment(2_000);
    const error = await grpcError(
      t.payments.refundPayment({ idempotencyKey: randomUUID(), paymentId, reason: REQUESTED }, as(KEYS.globex)),
    );
    expect(error).toMatchObject({ code: grpc.status.NOT_FOUND, field: 'payment_id' });
    expect(refundsAtStripe(paymentId)).toHaveLength(0);
  });
});
