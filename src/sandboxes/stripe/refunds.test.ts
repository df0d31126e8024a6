import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf, openTestBed, type SandboxTestBed } from './testing/test-bed.js';

let bed: SandboxTestBed;
beforeAll(async () => {
  bed = await openTestBed();
});
afterAll(() => bed.close());

async function succeededPayment(amount: number) {
  return bed.stripe.paymentIntents.create({
    amount, currency: 'usd', customer: 'cus_demo_jordan', payment_method: 'pm_demo_jordan_visa', confirm: true, off_session: true,
  });
}

describe('refunds', () => {
  it('refunds the whole payment by default', async () => {
    const intent = await succeededPayment(5_000);
    const refund = await bed.stripe.refunds.create({ payment_intent: intent.id, reason: 'requested_by_customer', metadata: { tender_note: 'no show' } });
    expect(refund).toMatchObject({
      object: 'refund', amount: 5_000, currency: 'usd', status: 'succeeded', reason: 'requested_by_customer',
      payment_intent: intent.id, charge: intent.latest_charge, metadata: { tender_note: 'no show' },
    });
    const read = await bed.stripe.paymentIntents.retrieve(intent.id, { expand: ['latest_charge'] });
    expect(read.latest_charge).toMatchObject({ amount_refunded: 5_000, refunded: true });
    expect(bed.sandbox.state.refunds.get(refund.id)?.amount).toBe(5_000);
  });

  it('refunds partially, then refuses more than what remains, then a fully refunded charge', async () => {
    const intent = await succeededPayment(5_000);
    await bed.stripe.refunds.create({ payment_intent: intent.id, amount: 2_000 });
    const read = await bed.stripe.paymentIntents.retrieve(intent.id, { expand: ['latest_charge'] });
    expect(read.latest_charge).toMatchObject({ amount_refunded: 2_000, refunded: false });
    const before = bed.sandbox.state.refunds.size;
    const tooMuch = await failureOf(bed.stripe.refunds.create({ payment_intent: intent.id, amount: 3_001 }));
    expect(tooMuch).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(tooMuch).toMatchObject({ statusCode: 400, code: 'amount_too_large', param: 'amount' });
    expect(tooMuch.message).toBe('Refund amount ($30.01) is greater than unrefunded amount on charge ($30.00)');
    expect(bed.sandbox.state.refunds.size).toBe(before);
    expect((await bed.stripe.refunds.create({ payment_intent: intent.id })).amount).toBe(3_000);
    const exhausted = await failureOf(bed.stripe.refunds.create({ payment_intent: intent.id, amount: 1 }));
    expect(exhausted).toMatchObject({ statusCode: 400, code: 'charge_already_refunded' });
  });

  it('refuses a PaymentIntent that did not succeed, an unknown one and an unknown reason', async () => {
    const declined = await failureOf(
      bed.stripe.paymentIntents.create({ amount: 8_900, currency: 'usd', customer: 'cus_demo_sam', payment_method: 'pm_demo_sam_visa_declines', confirm: true, off_session: true }),
    );
    const notPaid = await failureOf(bed.stripe.refunds.create({ payment_intent: String(declined.payment_intent?.id) }));
    expect(notPaid).toMatchObject({ statusCode: 400, rawType: 'invalid_request_error', param: 'payment_intent' });
    const missing = await failureOf(bed.stripe.refunds.create({ payment_intent: 'pi_missing' }));
    expect(missing).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'payment_intent' });
    const intent = await succeededPayment(1_000);
    const badReason = await failureOf(bed.stripe.refunds.create({ payment_intent: intent.id, reason: 'other' as 'duplicate' }));
    expect(badReason).toMatchObject({ statusCode: 400, param: 'reason' });
  });
});
