import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failureOf, openTestBed, type SandboxTestBed } from './testing/test-bed.js';

let bed: SandboxTestBed;
beforeEach(async () => {
  bed = await openTestBed();
});
afterEach(() => bed.close());

const SAM_INVOICE = 'in_demo_sam_89';

/** The caller pays a Checkout link for Sam's invoice; returns the link's succeeded PaymentIntent id. */
async function paidLinkIntent(amount = 8_900, currency = 'usd'): Promise<string> {
  const metadata = { tender_invoice_id: SAM_INVOICE };
  const session = await bed.stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [{ price_data: { currency, unit_amount: amount, product_data: { name: 'Service call fee' } }, quantity: 1 }],
    customer: 'cus_demo_sam',
    success_url: 'https://example.com/paid',
    metadata,
    payment_intent_data: { metadata },
  });
  const paid = await fetch(`${bed.sandbox.url}/_sandbox/checkout/sessions/${session.id}/complete`, { method: 'POST' });
  expect(paid.status).toBe(200);
  return String((await bed.stripe.checkout.sessions.retrieve(session.id)).payment_intent);
}

describe('invoice attach_payment', () => {
  it("settles the invoice with a paid link's PaymentIntent, so it cannot be charged as well", async () => {
    const intentId = await paidLinkIntent();
    const intentsBefore = bed.sandbox.state.paymentIntents.size;
    const invoice = await bed.stripe.invoices.attachPayment(SAM_INVOICE, { payment_intent: intentId }, { idempotencyKey: randomUUID() });
    expect(invoice).toMatchObject({ id: SAM_INVOICE, status: 'paid', amount_paid: 8_900, amount_remaining: 0 });
    expect(invoice.status_transitions.paid_at).toBeGreaterThan(0);
    expect(bed.sandbox.state.paymentIntents.size).toBe(intentsBefore);

    const byIntent = await bed.stripe.invoicePayments.list({ payment: { type: 'payment_intent', payment_intent: intentId } });
    expect(byIntent.data).toHaveLength(1);
    expect(byIntent.data[0]).toMatchObject({
      object: 'invoice_payment', invoice: SAM_INVOICE, status: 'paid', amount_paid: 8_900, is_default: false, currency: 'usd',
    });
    const all = await bed.stripe.invoicePayments.list({ invoice: SAM_INVOICE });
    const defaultPayment = all.data.find((payment) => payment.is_default);
    expect(defaultPayment?.status).toBe('canceled');
    const defaultIntent = await bed.stripe.paymentIntents.retrieve(String(defaultPayment?.payment.payment_intent));
    expect(defaultIntent.status).toBe('canceled');

    const payAgain = await failureOf(bed.stripe.invoices.pay(SAM_INVOICE, { payment_method: 'pm_demo_sam_visa_declines' }));
    expect(payAgain).toMatchObject({ statusCode: 400, message: 'Invoice is already paid' });
    const attachAgain = await failureOf(bed.stripe.invoices.attachPayment(SAM_INVOICE, { payment_intent: intentId }));
    expect(attachAgain).toMatchObject({ statusCode: 400, message: 'Invoice is already paid' });
  });

  it('replays a repeated key and refuses the key with another PaymentIntent', async () => {
    const intentId = await paidLinkIntent();
    const key = randomUUID();
    const first = await bed.stripe.invoices.attachPayment(SAM_INVOICE, { payment_intent: intentId }, { idempotencyKey: key });
    const paymentsAfterFirst = bed.sandbox.state.invoicePayments.size;
    const replay = await bed.stripe.invoices.attachPayment(SAM_INVOICE, { payment_intent: intentId }, { idempotencyKey: key });
    expect(replay.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(replay).toMatchObject({ id: first.id, status: 'paid', amount_remaining: 0 });
    expect(bed.sandbox.state.invoicePayments.size).toBe(paymentsAfterFirst);

    const other = await failureOf(bed.stripe.invoices.attachPayment(SAM_INVOICE, { payment_intent: 'pi_other' }, { idempotencyKey: key }));
    expect(other).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it('credits a smaller payment partly, leaving the rest to the invoice default payment', async () => {
    const intentId = await paidLinkIntent(2_900);
    const partly = await bed.stripe.invoices.attachPayment(SAM_INVOICE, { payment_intent: intentId });
    expect(partly).toMatchObject({ status: 'open', amount_paid: 2_900, amount_remaining: 6_000 });
    const card = await bed.stripe.paymentMethods.attach('pm_card_visa', { customer: 'cus_demo_sam' });
    const paid = await bed.stripe.invoices.pay(SAM_INVOICE, { payment_method: card.id });
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 8_900, amount_remaining: 0 });
    const payments = await bed.stripe.invoicePayments.list({ invoice: SAM_INVOICE, status: 'paid' });
    expect(payments.data.map((payment) => payment.amount_paid).sort()).toEqual([2_900, 6_000]);
  });

  it('refuses what Stripe refuses, on param payment_intent, changing nothing', async () => {
    const card = await bed.stripe.paymentMethods.attach('pm_card_visa', { customer: 'cus_demo_jordan' });
    const jordans = await bed.stripe.paymentIntents.create({
      amount: 8_900, currency: 'usd', customer: 'cus_demo_jordan', payment_method: card.id, confirm: true, off_session: true,
    });
    const euros = await paidLinkIntent(8_900, 'eur');
    const tooMuch = await paidLinkIntent(9_000);
    const unconfirmed = await bed.stripe.paymentIntents.create({ amount: 8_900, currency: 'usd', customer: 'cus_demo_sam' });
    const jordanInvoicePayments = await bed.stripe.invoicePayments.list({ invoice: 'in_demo_jordan_247' });
    const attachedElsewhere = String(jordanInvoicePayments.data[0]?.payment.payment_intent);
    const before = { payments: bed.sandbox.state.invoicePayments.size };

    for (const [intentId, reason] of [
      [jordans.id, 'customer'],
      [euros, 'currency'],
      [tooMuch, 'amount remaining'],
      [unconfirmed.id, 'succeeded'],
      [attachedElsewhere, 'already attached'],
    ] as const) {
      const failure = await failureOf(bed.stripe.invoices.attachPayment(SAM_INVOICE, { payment_intent: intentId }));
      expect(failure).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(failure).toMatchObject({ statusCode: 400, param: 'payment_intent' });
      expect(failure.message).toContain(reason);
    }
    const missing = await failureOf(bed.stripe.invoices.attachPayment(SAM_INVOICE, { payment_intent: 'pi_missing' }));
    expect(missing).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'payment_intent' });
    const noInvoice = await failureOf(bed.stripe.invoices.attachPayment('in_missing', { payment_intent: jordans.id }));
    expect(noInvoice).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'id' });
    expect(bed.sandbox.state.invoicePayments.size).toBe(before.payments);
    expect(await bed.stripe.invoices.retrieve(SAM_INVOICE)).toMatchObject({ status: 'open', amount_remaining: 8_900 });
  });

  it("finds a link's payment for an invoice by metadata and status search", async () => {
    const intentId = await paidLinkIntent();
    const found = await bed.stripe.paymentIntents.search({
      query: `metadata['tender_invoice_id']:'${SAM_INVOICE}' AND status:'succeeded'`,
      expand: ['data.latest_charge'],
    });
    expect(found.data.map((intent) => intent.id)).toEqual([intentId]);
    expect(found.data[0]?.latest_charge).toMatchObject({ object: 'charge', amount_refunded: 0 });
  });
});
