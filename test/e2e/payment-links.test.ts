import { randomUUID } from 'node:crypto';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import * as grpc from '@grpc/grpc-js';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentStatus } from '../../src/gen/tender/v1/common_pb.js';
import { PaymentLinkStatus, RefundReason, type CreatePaymentLinkRequestSchema } from '../../src/gen/tender/v1/payments_pb.js';
import { createFinalizedInvoice } from '../../src/sandboxes/stripe/resources/invoices.js';
import { KEYS, as, grpcError, startTenderUnderTest, type TenderUnderTest } from './harness.js';

/**
 * Payment links are Stripe Checkout Sessions: created through gRPC, paid by the caller
 * on the sandbox's hosted page (simulated), then read back as completed with the payment.
 */
let t: TenderUnderTest;
beforeAll(async () => {
  t = await startTenderUnderTest();
});
afterAll(() => t.close());

const jordan = 'acme-stripe:cus_demo_jordan';
const usd = (amount: number) => ({ amount: BigInt(amount), currency: 'USD' });
const local = (neutralId: string) => neutralId.slice('acme-stripe:'.length);
const minutes = (count: number) => ({ seconds: BigInt(count * 60), nanos: 0 });
const HOUR_MS = 3_600_000;

type LinkRequest = Omit<MessageInitShape<typeof CreatePaymentLinkRequestSchema>, 'idempotencyKey' | '$typeName'>;

async function createLink(request: LinkRequest) {
  const { response } = await t.payments.createPaymentLink({ idempotencyKey: randomUUID(), ...request }, as(KEYS.acme));
  return response.paymentLink!;
}

const expiresInMs = (link: { expiresAt?: Timestamp }) =>
  timestampDate(link.expiresAt!).getTime() - Date.now();

describe('CreatePaymentLink', () => {
  it('makes an open link for an amount, payable for one hour by default', async () => {
    const link = await createLink({ amount: usd(4_500), customerId: jordan, description: 'Deposit for the water heater' });
    expect(link.id).toMatch(/^acme-stripe:cs_test_/);
    expect(link).toMatchObject({
      status: PaymentLinkStatus.OPEN,
      amount: { amount: 4_500n, currency: 'USD' },
      customerId: jordan,
      invoiceId: '',
      paymentId: '',
      description: 'Deposit for the water heater',
    });
    expect(link.url.startsWith(`${t.stripe.url}/pay/`)).toBe(true);
    expect(expiresInMs(link)).toBeGreaterThan(HOUR_MS - 60_000);
    expect(expiresInMs(link)).toBeLessThanOrEqual(HOUR_MS);

    const session = t.stripe.state.checkoutSessions.get(local(link.id));
    expect(session).toMatchObject({ amount_total: 4_500, currency: 'usd', customer: 'cus_demo_jordan', status: 'open', mode: 'payment' });
  });

  it('defaults the amount of an invoice link to the amount due', async () => {
    const link = await createLink({ invoiceId: 'acme-stripe:in_demo_jordan_247' });
    expect(link.amount).toMatchObject({ amount: 24_700n, currency: 'USD' });
    expect(link.invoiceId).toBe('acme-stripe:in_demo_jordan_247');
    expect(t.stripe.state.checkoutSessions.get(local(link.id))?.amount_total).toBe(24_700);
  });

  it('honours an expiry inside Stripe’s bounds', async () => {
    const link = await createLink({ amount: usd(1_000), expiresIn: minutes(120) });
    expect(expiresInMs(link)).toBeGreaterThan(2 * HOUR_MS - 60_000);
    expect(expiresInMs(link)).toBeLessThanOrEqual(2 * HOUR_MS);
  });

  it('accepts the documented minimum of 30 minutes even when Stripe receives the request a moment later', async () => {
    // Network latency: Stripe's "now" is a second past Tender's when the session is created.
    t.stripe.faults.add({ path: '/v1/checkout/sessions', method: 'POST', mode: 'delay', ms: 1_100 });
    try {
      const link = await createLink({ amount: usd(1_000), expiresIn: minutes(30) });
      expect(link.status).toBe(PaymentLinkStatus.OPEN);
      expect(expiresInMs(link)).toBeGreaterThan(29 * 60_000);
    } finally {
      t.stripe.faults.clear();
    }
  });

  it.each([
    ['10 minutes', minutes(10)],
    ['25 hours', minutes(25 * 60)],
    ['zero', minutes(0)],
  ])('refuses an expiry of %s with INVALID_ARGUMENT on expires_in, creating nothing', async (_label, expiresIn) => {
    const before = t.stripe.state.checkoutSessions.size;
    const error = await grpcError(
      t.payments.createPaymentLink({ idempotencyKey: randomUUID(), amount: usd(1_000), expiresIn }, as(KEYS.acme)),
    );
    expect(error).toMatchObject({ code: grpc.status.INVALID_ARGUMENT, field: 'expires_in' });
    expect(t.stripe.state.checkoutSessions.size).toBe(before);
  });

  it('requires an amount when no invoice is named', async () => {
    const error = await grpcError(t.payments.createPaymentLink({ idempotencyKey: randomUUID(), customerId: jordan }, as(KEYS.acme)));
    expect(error).toMatchObject({ code: grpc.status.INVALID_ARGUMENT, field: 'amount' });
  });
});

describe('paying a link', () => {
  it('reads OPEN, then COMPLETED with the payment once the caller has paid', async () => {
    const link = await createLink({ amount: usd(7_250), customerId: jordan, description: 'Balance of the repair' });
    const open = await t.payments.getPaymentLink({ paymentLinkId: link.id }, as(KEYS.acme));
    expect(open.response.paymentLink).toMatchObject({ status: PaymentLinkStatus.OPEN, paymentId: '' });

    const paid = await fetch(`${t.stripe.url}/_sandbox/checkout/sessions/${local(link.id)}/complete`, { method: 'POST' });
    expect(paid.status).toBe(200);

    const { response } = await t.payments.getPaymentLink({ paymentLinkId: link.id }, as(KEYS.acme));
    const completed = response.paymentLink!;
    expect(completed.status).toBe(PaymentLinkStatus.COMPLETED);
    expect(completed.amount).toMatchObject({ amount: 7_250n, currency: 'USD' });
    expect(completed.description).toBe('Balance of the repair');
    const intentId = t.stripe.state.checkoutSessions.get(local(link.id))?.payment_intent;
    expect(intentId).toMatch(/^pi_/);
    expect(completed.paymentId).toBe(`acme-stripe:${intentId}`);

    const payment = await t.payments.getPayment({ paymentId: completed.paymentId }, as(KEYS.acme));
    expect(payment.response.payment).toMatchObject({
      status: PaymentStatus.SUCCEEDED,
      amount: { amount: 7_250n, currency: 'USD' },
      customerId: jordan,
    });
  });

  it("settles the invoice a paid link was for: it is no longer owed and cannot be charged again", async () => {
    const sam = 'acme-stripe:cus_demo_sam';
    const invoiceId = 'acme-stripe:in_demo_sam_89';
    const link = await createLink({ invoiceId, customerId: sam });
    await fetch(`${t.stripe.url}/_sandbox/checkout/sessions/${local(link.id)}/complete`, { method: 'POST' });
    const { response } = await t.payments.getPaymentLink({ paymentLinkId: link.id }, as(KEYS.acme));
    const payment = await t.payments.getPayment({ paymentId: response.paymentLink!.paymentId }, as(KEYS.acme));
    expect(payment.response.payment).toMatchObject({ status: PaymentStatus.SUCCEEDED, invoiceId, amount: { amount: 8_900n } });

    const balance = await t.customers.getBalance({ customerId: sam }, as(KEYS.acme));
    expect(balance.response.openInvoices.map((invoice) => invoice.id)).not.toContain(invoiceId);
    const intentsBefore = t.stripe.state.paymentIntents.size;
    const again = await grpcError(
      t.payments.payInvoice({ idempotencyKey: randomUUID(), invoiceId, paymentMethodId: '' }, as(KEYS.acme)),
    );
    expect(again).toMatchObject({ code: grpc.status.FAILED_PRECONDITION, field: 'invoice_id' });
    expect(t.stripe.state.paymentIntents.size).toBe(intentsBefore);
  });

  it('points at a page the sandbox serves', async () => {
    const link = await createLink({ amount: usd(1_999) });
    const page = await fetch(link.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('$19.99');
  });

  it("answers NOT_FOUND for another tenant's link", async () => {
    const link = await createLink({ amount: usd(1_000) });
    const error = await grpcError(t.payments.getPaymentLink({ paymentLinkId: link.id }, as(KEYS.globex)));
    expect(error).toMatchObject({ code: grpc.status.NOT_FOUND, field: 'payment_link_id' });
  });
});

/** A customer with a card that would be charged, and a fresh open invoice of theirs. */
async function customerWithOpenInvoice(name: string, amount: number) {
  const stripe = new Stripe(t.stripe.secretKey, { host: '127.0.0.1', port: t.stripe.port, protocol: 'http' });
  const customer = await stripe.customers.create({ name });
  const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
  const now = t.stripe.state.clock.now();
  const invoice = createFinalizedInvoice(t.stripe.state, {
    customer: t.stripe.state.customers.get(customer.id)!, currency: 'usd', description: 'Water heater install', dueDate: null,
    lines: [{ description: 'Install', amount, period: { start: now, end: now }, proration: false, price: null, subscriptionItem: null, invoiceItem: null }],
  });
  return { customerId: `acme-stripe:${customer.id}`, invoiceId: `acme-stripe:${invoice.id}` };
}

describe('an invoice paid through its link before anyone reads the link', () => {
  /** Creates the invoice's link (naming no customer) and has the caller pay it; returns the link and its PaymentIntent. */
  async function payLinkFor(invoiceId: string) {
    const link = await createLink({ invoiceId });
    const paid = await fetch(`${t.stripe.url}/_sandbox/checkout/sessions/${local(link.id)}/complete`, { method: 'POST' });
    expect(paid.status).toBe(200);
    const intentId = t.stripe.state.checkoutSessions.get(local(link.id))?.payment_intent;
    expect(intentId).toMatch(/^pi_/);
    return { link, paymentId: `acme-stripe:${intentId}` };
  }

  async function expectSettledOnce(invoiceId: string, customerId: string, amount: number) {
    expect(t.stripe.state.invoices.get(local(invoiceId))).toMatchObject({ status: 'paid', amount_paid: amount, amount_remaining: 0 });
    const balance = await t.customers.getBalance({ customerId }, as(KEYS.acme));
    expect(balance.response.openInvoices).toEqual([]);
    const intentsBefore = t.stripe.state.paymentIntents.size;
    const again = await grpcError(
      t.payments.payInvoice({ idempotencyKey: randomUUID(), invoiceId, paymentMethodId: '' }, as(KEYS.acme)),
    );
    expect(again).toMatchObject({ code: grpc.status.FAILED_PRECONDITION, field: 'invoice_id' });
    expect(t.stripe.state.paymentIntents.size).toBe(intentsBefore);
  }

  it('PayInvoice settles it with the link payment instead of charging the card again', async () => {
    const { customerId, invoiceId } = await customerWithOpenInvoice('Morgan Link', 31_500);
    const { link, paymentId } = await payLinkFor(invoiceId);
    expect(link.customerId).toBe(customerId);
    const intentsBefore = t.stripe.state.paymentIntents.size;
    const chargesBefore = t.stripe.state.charges.size;

    const { response } = await t.payments.payInvoice({ idempotencyKey: randomUUID(), invoiceId, paymentMethodId: '' }, as(KEYS.acme));
    expect(response.payment).toMatchObject({
      id: paymentId, status: PaymentStatus.SUCCEEDED, invoiceId, customerId, amount: { amount: 31_500n, currency: 'USD' },
    });
    expect(t.stripe.state.paymentIntents.size).toBe(intentsBefore);
    expect(t.stripe.state.charges.size).toBe(chargesBefore);
    await expectSettledOnce(invoiceId, customerId, 31_500);

    const read = await t.payments.getPaymentLink({ paymentLinkId: link.id }, as(KEYS.acme));
    expect(read.response.paymentLink).toMatchObject({ status: PaymentLinkStatus.COMPLETED, paymentId, invoiceId });
    const payment = await t.payments.getPayment({ paymentId }, as(KEYS.acme));
    expect(payment.response.payment).toMatchObject({ status: PaymentStatus.SUCCEEDED, invoiceId });
  });

  it('PayInvoice refuses, charging nothing, once the link payment was partly refunded: a person must reconcile', async () => {
    const { invoiceId } = await customerWithOpenInvoice('Drew Partial Refund', 20_000);
    const { paymentId } = await payLinkFor(invoiceId);
    await t.payments.refundPayment(
      { idempotencyKey: randomUUID(), paymentId, reason: RefundReason.REQUESTED_BY_CUSTOMER, amount: usd(5_000) },
      as(KEYS.acme),
    );
    const intentsBefore = t.stripe.state.paymentIntents.size;
    const refused = await grpcError(
      t.payments.payInvoice({ idempotencyKey: randomUUID(), invoiceId, paymentMethodId: '' }, as(KEYS.acme)),
    );
    expect(refused).toMatchObject({ code: grpc.status.FAILED_PRECONDITION, field: 'invoice_id' });
    expect(refused.details).toContain('a person must reconcile');
    expect(t.stripe.state.paymentIntents.size).toBe(intentsBefore);
    expect(t.stripe.state.invoices.get(local(invoiceId))).toMatchObject({ status: 'open', amount_paid: 0 });
  });

  it('Charge with the invoice does the same', async () => {
    const { customerId, invoiceId } = await customerWithOpenInvoice('Reese Link', 12_000);
    const { paymentId } = await payLinkFor(invoiceId);
    const intentsBefore = t.stripe.state.paymentIntents.size;

    const { response } = await t.payments.charge({ idempotencyKey: randomUUID(), customerId, invoiceId }, as(KEYS.acme));
    expect(response.payment).toMatchObject({ id: paymentId, status: PaymentStatus.SUCCEEDED, invoiceId, amount: { amount: 12_000n } });
    expect(t.stripe.state.paymentIntents.size).toBe(intentsBefore);
    await expectSettledOnce(invoiceId, customerId, 12_000);
  });
});

describe('an invoice paid another way while its link is open', () => {
  /** What the customer's card was charged and not given back, in minor units. */
  function netCharged(customerId: string): number {
    let net = 0;
    for (const charge of t.stripe.state.charges.values()) {
      if (charge.customer === local(customerId) && charge.status === 'succeeded') net += charge.amount_captured - charge.amount_refunded;
    }
    return net;
  }

  const completeLink = (linkId: string) =>
    fetch(`${t.stripe.url}/_sandbox/checkout/sessions/${local(linkId)}/complete`, { method: 'POST' });

  it('PayInvoice expires the link: the caller can no longer pay it, and is charged once', async () => {
    const { customerId, invoiceId } = await customerWithOpenInvoice('Quinn Open Link', 21_000);
    const link = await createLink({ invoiceId });

    const { response } = await t.payments.payInvoice({ idempotencyKey: randomUUID(), invoiceId, paymentMethodId: '' }, as(KEYS.acme));
    expect(response.payment).toMatchObject({ status: PaymentStatus.SUCCEEDED, invoiceId });
    const read = await t.payments.getPaymentLink({ paymentLinkId: link.id }, as(KEYS.acme));
    expect(read.response.paymentLink).toMatchObject({ status: PaymentLinkStatus.EXPIRED, paymentId: '', url: '' });
    expect((await completeLink(link.id)).status).toBe(400);
    expect(netCharged(customerId)).toBe(21_000);
  });

  it('Charge with the invoice, then the link paid before it could be expired: the link payment is refunded at once', async () => {
    const { customerId, invoiceId } = await customerWithOpenInvoice('Parker Late Link', 9_900);
    const link = await createLink({ invoiceId });
    // Stripe fails while Tender lists the links to expire: the charge stands all the same.
    t.stripe.faults.add({ path: '/v1/checkout/sessions', method: 'GET', mode: 'error500', times: 10 });
    try {
      const { response } = await t.payments.charge({ idempotencyKey: randomUUID(), customerId, invoiceId }, as(KEYS.acme));
      expect(response.payment).toMatchObject({ status: PaymentStatus.SUCCEEDED, invoiceId, amount: { amount: 9_900n } });
    } finally {
      t.stripe.faults.clear();
    }
    expect((await completeLink(link.id)).status).toBe(200);
    expect(netCharged(customerId)).toBe(2 * 9_900);

    const read = await t.payments.getPaymentLink({ paymentLinkId: link.id }, as(KEYS.acme));
    const intentId = t.stripe.state.checkoutSessions.get(local(link.id))?.payment_intent;
    expect(read.response.paymentLink).toMatchObject({ status: PaymentLinkStatus.COMPLETED, paymentId: `acme-stripe:${intentId}` });
    const payment = await t.payments.getPayment({ paymentId: `acme-stripe:${intentId}` }, as(KEYS.acme));
    expect(payment.response.payment).toMatchObject({
      status: PaymentStatus.SUCCEEDED, amount: { amount: 9_900n }, amountRefunded: { amount: 9_900n, currency: 'USD' },
    });
    expect(netCharged(customerId)).toBe(9_900);
    expect(t.stripe.state.invoices.get(local(invoiceId))).toMatchObject({ status: 'paid', amount_paid: 9_900 });
  });
});
