import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeclineReason, PaymentStatus } from '../../src/gen/tender/v1/common_pb.js';
import { KEYS, as, startTenderUnderTest, type TenderUnderTest } from './harness.js';

/**
 * Every documented Stripe test payment method, charged off-session through gRPC: the
 * neutral outcome, the decline policy (hard / retry), the raw code kept for operations,
 * and a caller sentence that never names fraud, loss or theft (payments-domain.md,
 * "Declines and retries").
 */
let t: TenderUnderTest;
let stripe: Stripe;
beforeAll(async () => {
  t = await startTenderUnderTest();
  stripe = new Stripe(t.stripe.secretKey, { host: '127.0.0.1', port: t.stripe.port, protocol: 'http' });
});
afterAll(() => t.close());

const usd = (amount: number) => ({ amount: BigInt(amount), currency: 'USD' });
const NAMES_THE_REASON = /fraud|stolen|lost|theft|thief|radar|suspicious/i;

/** A new customer through the API, holding the test card, as neutral ids. */
async function customerWithCard(testPaymentMethod: string) {
  const created = await t.customers.createCustomer(
    { idempotencyKey: `customer-${randomUUID()}`, name: `Holder of ${testPaymentMethod}`, email: `${testPaymentMethod.toLowerCase()}@example.com` },
    as(KEYS.acme),
  );
  const customerId = created.response.customer!.id;
  const localCustomerId = customerId.slice('acme-stripe:'.length);
  const attached = await stripe.paymentMethods.attach(testPaymentMethod, { customer: localCustomerId });
  return { customerId, paymentMethodId: `acme-stripe:${attached.id}`, localPaymentMethodId: attached.id };
}

async function chargeWith(testPaymentMethod: string, amount = 2_500) {
  const holder = await customerWithCard(testPaymentMethod);
  const { response } = await t.payments.charge(
    { idempotencyKey: `charge-${randomUUID()}`, customerId: holder.customerId, paymentMethodId: holder.paymentMethodId, amount: usd(amount) },
    as(KEYS.acme),
  );
  return { holder, payment: response.payment! };
}

interface Expected {
  status: PaymentStatus;
  reason: DeclineReason;
  hard: boolean;
  retryMaySucceed: boolean;
  processorCode: string;
}

const declined = (reason: DeclineReason, processorCode: string, hard: boolean, retryMaySucceed: boolean): Expected =>
  ({ status: PaymentStatus.DECLINED, reason, hard, retryMaySucceed, processorCode });

const DECLINING: Record<string, Expected> = {
  pm_card_visa_chargeDeclined: declined(DeclineReason.GENERIC, 'generic_decline', false, false),
  pm_card_visa_chargeDeclinedInsufficientFunds: declined(DeclineReason.INSUFFICIENT_FUNDS, 'insufficient_funds', false, true),
  pm_card_visa_chargeDeclinedLostCard: declined(DeclineReason.LOST_OR_STOLEN, 'lost_card', true, false),
  pm_card_visa_chargeDeclinedStolenCard: declined(DeclineReason.LOST_OR_STOLEN, 'stolen_card', true, false),
  pm_card_chargeDeclinedExpiredCard: declined(DeclineReason.EXPIRED_CARD, 'expired_card', false, false),
  pm_card_chargeDeclinedIncorrectCvc: declined(DeclineReason.INCORRECT_CVC, 'incorrect_cvc', false, false),
  pm_card_chargeDeclinedProcessingError: declined(DeclineReason.PROCESSING_ERROR, 'processing_error', false, true),
  pm_card_chargeCustomerFail: declined(DeclineReason.GENERIC, 'generic_decline', false, false),
  pm_card_radarBlock: declined(DeclineReason.SUSPECTED_FRAUD, 'fraudulent', true, false),
  pm_card_authenticationRequired: {
    status: PaymentStatus.REQUIRES_ACTION,
    reason: DeclineReason.AUTHENTICATION_REQUIRED,
    hard: false,
    retryMaySucceed: false,
    processorCode: 'authentication_required',
  },
};

describe('Charge with each documented declining test card', () => {
  it.each(Object.entries(DECLINING))('%s', async (testPaymentMethod, expected) => {
    const { holder, payment } = await chargeWith(testPaymentMethod);

    expect(payment.status).toBe(expected.status);
    expect(payment.decline).toBeDefined();
    expect(payment.decline?.reason).toBe(expected.reason);
    expect(payment.decline?.hard).toBe(expected.hard);
    expect(payment.decline?.retryMaySucceed).toBe(expected.retryMaySucceed);
    expect(payment.decline?.processorCode).toBe(expected.processorCode);
    expect(payment.decline?.processorMessage).not.toBe('');
    expect(payment.decline?.callerMessage).not.toBe('');
    expect(payment.decline?.callerMessage).not.toMatch(NAMES_THE_REASON);
    expect(payment.callerMessage).not.toMatch(NAMES_THE_REASON);
    expect(payment.callerMessage).not.toContain(expected.processorCode);

    expect(payment.customerId).toBe(holder.customerId);
    expect(payment.paymentMethodId).toBe(holder.paymentMethodId);
    expect(payment.amount).toMatchObject({ amount: 2_500n, currency: 'USD' });
    // The attempt is a real PaymentIntent at Stripe, left waiting for another method.
    const intent = t.stripe.state.paymentIntents.get(payment.id.slice('acme-stripe:'.length));
    expect(intent?.status).toBe('requires_payment_method');
    expect(intent?.customer).toBe(holder.customerId.slice('acme-stripe:'.length));
  });

  it('gives hard declines (lost, stolen, fraud) exactly the generic sentence', async () => {
    const { payment: generic } = await chargeWith('pm_card_visa_chargeDeclined', 1_100);
    for (const hardCard of ['pm_card_visa_chargeDeclinedLostCard', 'pm_card_visa_chargeDeclinedStolenCard', 'pm_card_radarBlock']) {
      const { payment } = await chargeWith(hardCard, 1_100);
      expect(payment.decline?.hard).toBe(true);
      expect(payment.decline?.callerMessage).toBe(generic.decline?.callerMessage);
      expect(payment.callerMessage).toBe(generic.callerMessage);
    }
  });

  it('tells soft declines apart for the caller (insufficient funds is not the generic sentence)', async () => {
    const { payment: generic } = await chargeWith('pm_card_visa_chargeDeclined', 1_200);
    const { payment: funds } = await chargeWith('pm_card_visa_chargeDeclinedInsufficientFunds', 1_200);
    expect(funds.decline?.callerMessage).not.toBe(generic.decline?.callerMessage);
  });
});

describe('Charge with each approving test card', () => {
  it.each(['pm_card_visa', 'pm_card_mastercard', 'pm_card_amex'])('%s succeeds', async (testPaymentMethod) => {
    const { holder, payment } = await chargeWith(testPaymentMethod, 3_300);
    expect(payment.status).toBe(PaymentStatus.SUCCEEDED);
    expect(payment.decline).toBeUndefined();
    expect(payment.paymentMethodId).toBe(holder.paymentMethodId);
    expect(payment.amount).toMatchObject({ amount: 3_300n, currency: 'USD' });
    expect(payment.confirmationCode).toMatch(/^[A-Z0-9]{3}-[A-Z0-9]{3}$/);
    expect(payment.callerMessage).toContain('$33.00');
    expect(payment.callerMessage).toContain(payment.confirmationCode);
    const intent = t.stripe.state.paymentIntents.get(payment.id.slice('acme-stripe:'.length));
    expect(intent?.status).toBe('succeeded');
    expect(intent?.payment_method).toBe(holder.localPaymentMethodId);
  });
});
