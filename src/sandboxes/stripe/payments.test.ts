import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf, openTestBed, type SandboxTestBed } from './testing/test-bed.js';

let bed: SandboxTestBed;
beforeAll(async () => {
  bed = await openTestBed();
});
afterAll(() => bed.close());

/** A fresh customer with the given documented test card attached, as the adapter's callers set one up. */
async function customerWithCard(testId: string) {
  const customer = await bed.stripe.customers.create({ name: `Holder of ${testId}` });
  const paymentMethod = await bed.stripe.paymentMethods.attach(testId, { customer: customer.id });
  return { customer: customer.id, payment_method: paymentMethod.id };
}

function offSessionCharge(holder: { customer: string; payment_method: string }, amount = 2_500) {
  return bed.stripe.paymentIntents.create({ amount, currency: 'usd', ...holder, confirm: true, off_session: true });
}

describe('charging documented test cards off-session', () => {
  it.each(['pm_card_visa', 'pm_card_mastercard', 'pm_card_amex'])('%s succeeds with a charge', async (testId) => {
    const intent = await offSessionCharge(await customerWithCard(testId));
    expect(intent).toMatchObject({ object: 'payment_intent', status: 'succeeded', amount: 2_500, amount_received: 2_500 });
    expect(intent.latest_charge).toMatch(/^ch_/);
    expect(bed.sandbox.state.charges.get(String(intent.latest_charge))).toMatchObject({ status: 'succeeded', paid: true });
  });

  it.each([
    ['pm_card_visa_chargeDeclined', 'card_declined', 'generic_decline'],
    ['pm_card_visa_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds'],
    ['pm_card_visa_chargeDeclinedLostCard', 'card_declined', 'lost_card'],
    ['pm_card_visa_chargeDeclinedStolenCard', 'card_declined', 'stolen_card'],
    ['pm_card_chargeDeclinedExpiredCard', 'expired_card', 'expired_card'],
    ['pm_card_chargeDeclinedIncorrectCvc', 'incorrect_cvc', 'incorrect_cvc'],
    ['pm_card_chargeDeclinedProcessingError', 'processing_error', 'processing_error'],
    ['pm_card_chargeCustomerFail', 'card_declined', 'generic_decline'],
    ['pm_card_radarBlock', 'card_declined', 'fraudulent'],
    ['pm_card_authenticationRequired', 'authentication_required', 'authentication_required'],
  ])('%s attaches, then declines with HTTP 402 %s / %s', async (testId, code, declineCode) => {
    const holder = await customerWithCard(testId);
    const before = bed.sandbox.state.paymentIntents.size;
    const failure = await failureOf(offSessionCharge(holder));
    expect(failure).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(failure).toMatchObject({ statusCode: 402, rawType: 'card_error', code, decline_code: declineCode });
    const intent = (failure.raw as { payment_intent: Stripe.PaymentIntent }).payment_intent;
    expect(intent).toMatchObject({ status: 'requires_payment_method', customer: holder.customer, last_payment_error: { code, decline_code: declineCode } });
    expect(bed.sandbox.state.paymentIntents.size).toBe(before + 1);
    expect(bed.sandbox.state.paymentIntents.get(intent.id)?.status).toBe('requires_payment_method');
    expect(bed.sandbox.state.charges.get(String(failure.charge))).toMatchObject({ status: 'failed', failure_code: code });
  });
});

describe('a card error as the adapter sees it', () => {
  it('carries type, code, decline_code, the PaymentIntent, the method, status and request id', async () => {
    const failure = await failureOf(
      bed.stripe.paymentIntents.create({
        amount: 8_900, currency: 'usd', customer: 'cus_demo_sam', payment_method: 'pm_demo_sam_visa_declines', confirm: true, off_session: true,
      }),
    );
    expect(failure).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(failure.type).toBe('StripeCardError');
    expect(failure.rawType).toBe('card_error');
    expect(failure.code).toBe('card_declined');
    expect(failure.decline_code).toBe('insufficient_funds');
    expect(failure.message).toBe('Your card has insufficient funds.');
    expect(failure.statusCode).toBe(402);
    expect(failure.doc_url).toBe('https://stripe.com/docs/error-codes/card-declined');
    expect(failure.requestId).toMatch(/^req_/);
    expect(failure.headers?.['request-id']).toBe(failure.requestId);
    expect(failure.headers?.['stripe-version']).toBe(Stripe.API_VERSION);
    expect(failure.payment_method?.id).toBe('pm_demo_sam_visa_declines');
    expect(failure.charge).toMatch(/^ch_/);
    const raw = failure.raw as { payment_intent: Stripe.PaymentIntent };
    expect(raw.payment_intent).toMatchObject({
      object: 'payment_intent', amount: 8_900, status: 'requires_payment_method', payment_method: null, latest_charge: failure.charge,
    });
    expect(failure.payment_intent?.id).toBe(raw.payment_intent.id);
  });
});

describe('3-D Secure', () => {
  it('off-session declines with authentication_required; on-session asks for action', async () => {
    const casey = { customer: 'cus_demo_casey', payment_method: 'pm_demo_casey_3ds' };
    const offSession = await failureOf(offSessionCharge(casey));
    expect(offSession).toMatchObject({ statusCode: 402, code: 'authentication_required', decline_code: 'authentication_required' });

    const onSession = await bed.stripe.paymentIntents.create({ amount: 2_500, currency: 'usd', ...casey, confirm: true });
    expect(onSession).toMatchObject({ status: 'requires_action', latest_charge: null, next_action: { type: 'use_stripe_sdk' } });

    const refused = await failureOf(
      bed.stripe.paymentIntents.create({ amount: 2_500, currency: 'usd', ...casey, confirm: true, error_on_requires_action: true }),
    );
    expect(refused).toMatchObject({ statusCode: 402, code: 'authentication_required' });
  });
});

describe('PaymentIntent validation', () => {
  it('refuses amounts under the minimum, unknown currencies and a missing amount, creating nothing', async () => {
    const jordan = { customer: 'cus_demo_jordan', payment_method: 'pm_demo_jordan_visa' };
    const before = bed.sandbox.state.paymentIntents.size;
    expect(await failureOf(offSessionCharge(jordan, 49))).toMatchObject({ statusCode: 400, code: 'amount_too_small', param: 'amount' });
    const badCurrency = bed.stripe.paymentIntents.create({ amount: 1_000, currency: 'xxx', ...jordan, confirm: true, off_session: true });
    expect(await failureOf(badCurrency)).toMatchObject({ statusCode: 400, param: 'currency' });
    const noAmount = bed.stripe.paymentIntents.create({ currency: 'usd' } as Stripe.PaymentIntentCreateParams);
    expect(await failureOf(noAmount)).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'amount' });
    const foreignCard = bed.stripe.paymentIntents.create({ amount: 1_000, currency: 'usd', customer: 'cus_demo_sam', payment_method: 'pm_demo_jordan_visa', confirm: true, off_session: true });
    expect(await failureOf(foreignCard)).toMatchObject({ statusCode: 400, param: 'payment_method' });
    expect(bed.sandbox.state.paymentIntents.size).toBe(before);
  });
});

describe('reading PaymentIntents', () => {
  it('expands latest_charge and finds intents by metadata search', async () => {
    const intent = await bed.stripe.paymentIntents.create({
      amount: 4_200, currency: 'usd', customer: 'cus_demo_jordan', payment_method: 'pm_demo_jordan_visa',
      confirm: true, off_session: true, description: 'Filter change', metadata: { tender_key: 'key-search-1' },
    });
    const read = await bed.stripe.paymentIntents.retrieve(intent.id, { expand: ['latest_charge'] });
    expect(read.latest_charge).toMatchObject({ object: 'charge', id: intent.latest_charge, amount: 4_200, amount_refunded: 0, refunded: false });
    const found = await bed.stripe.paymentIntents.search({ query: "metadata['tender_key']:'key-search-1'" });
    expect(found.data.map((candidate) => candidate.id)).toEqual([intent.id]);
    expect(found.data[0]).toMatchObject({ description: 'Filter change', metadata: { tender_key: 'key-search-1' } });
    expect((await bed.stripe.paymentIntents.search({ query: "metadata['tender_key']:'absent'" })).data).toEqual([]);
    const missing = await failureOf(bed.stripe.paymentIntents.retrieve('pi_missing'));
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });
});
