import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenderError } from '../../core/errors.js';
import type { MutationContext } from '../../core/processor-port.js';
import { createFinalizedInvoice } from '../../sandboxes/stripe/resources/invoices.js';
import { linkSettlementKey } from './invoice-settlement.js';
import { attachTestMethod, startStripeTestBed, type StripeTestBed } from './testing/test-bed.js';

/** Links for invoices must settle them, whichever of reading the link or paying the invoice comes first. */
let bed: StripeTestBed;
beforeAll(async () => {
  bed = await startStripeTestBed();
});
afterAll(async () => {
  await bed?.close();
});

const ctx = (): MutationContext => ({ processorIdempotencyKey: `settle-${randomUUID()}` });
const usd = (amount: number) => ({ amount, currency: 'USD' });
const inOneHour = () => new Date(Date.now() + 3600_000);

/** A customer whose default card would be charged, with a fresh open invoice. */
async function openInvoice(amount = 15_000): Promise<{ customerId: string; invoiceId: string }> {
  const customer = await bed.admin.api.customers.create({ name: 'Settlement Test' });
  const card = await attachTestMethod(bed, customer.id, 'pm_card_visa');
  await bed.admin.api.customers.update(customer.id, { invoice_settings: { default_payment_method: card } });
  const now = bed.sandbox.state.clock.now();
  const invoice = createFinalizedInvoice(bed.sandbox.state, {
    customer: bed.sandbox.state.customers.get(customer.id)!, currency: 'usd', description: 'Repair', dueDate: null,
    lines: [{ description: 'Repair', amount, period: { start: now, end: now }, proration: false, price: null, subscriptionItem: null, invoiceItem: null }],
  });
  return { customerId: customer.id, invoiceId: invoice.id };
}

/** The caller pays the invoice's link; returns the link id and its PaymentIntent id. */
async function paidLink(invoiceId: string, amount = 15_000): Promise<{ linkId: string; intentId: string }> {
  const link = await bed.adapter.createPaymentLink(
    { amount: usd(amount), customerId: '', invoiceId, description: '', expiresAt: inOneHour() },
    ctx(),
  );
  await completeSession(link.id);
  return { linkId: link.id, intentId: String(bed.sandbox.state.checkoutSessions.get(link.id)?.payment_intent) };
}

async function completeSession(sessionId: string): Promise<void> {
  const paid = await fetch(`${bed.sandbox.url}/_sandbox/checkout/sessions/${sessionId}/complete`, { method: 'POST' });
  expect(paid.status).toBe(200);
}

const invoiceState = (invoiceId: string) => bed.sandbox.state.invoices.get(invoiceId);

describe('creating a link for an invoice', () => {
  it("names the invoice's customer on the session, and refuses another customer", async () => {
    const { customerId, invoiceId } = await openInvoice();
    const link = await bed.adapter.createPaymentLink({ amount: usd(15_000), customerId: '', invoiceId, description: '', expiresAt: inOneHour() }, ctx());
    expect(link).toMatchObject({ customerId, invoiceId });
    expect(bed.sandbox.state.checkoutSessions.get(link.id)?.customer).toBe(customerId);

    const sessionsBefore = bed.sandbox.state.checkoutSessions.size;
    const foreign = bed.adapter.createPaymentLink(
      { amount: usd(15_000), customerId: 'cus_demo_jordan', invoiceId, description: '', expiresAt: inOneHour() },
      ctx(),
    );
    await expect(foreign).rejects.toMatchObject({ code: 'invalid_argument', field: 'customer_id' });
    expect(bed.sandbox.state.checkoutSessions.size).toBe(sessionsBefore);
  });
});

describe('reading a paid link (fence 1)', () => {
  it('attaches the link payment to the invoice once, under a key derived from the session', async () => {
    const { invoiceId } = await openInvoice();
    const { linkId, intentId } = await paidLink(invoiceId);
    expect(invoiceState(invoiceId)?.status).toBe('open');

    const link = await bed.adapter.getPaymentLink(linkId);
    expect(link).toMatchObject({ status: 'completed', invoiceId, paymentId: intentId });
    expect(invoiceState(invoiceId)).toMatchObject({ status: 'paid', amount_paid: 15_000, amount_remaining: 0 });
    const payments = bed.sandbox.state.invoicePayments.size;
    await bed.adapter.getPaymentLink(linkId);
    expect(bed.sandbox.state.invoicePayments.size).toBe(payments);
    expect(await bed.adapter.getPayment(intentId)).toMatchObject({ status: 'succeeded', invoiceId });

    const replay = await bed.admin.api.invoices.attachPayment(invoiceId, { payment_intent: intentId }, { idempotencyKey: linkSettlementKey(linkId) });
    expect(replay.lastResponse.headers['idempotent-replayed']).toBe('true');
  });
});

describe('paying an invoice already paid through its link (fence 2)', () => {
  it('returns the link payment and charges nothing', async () => {
    const { customerId, invoiceId } = await openInvoice();
    const { intentId } = await paidLink(invoiceId);
    const intentsBefore = bed.sandbox.state.paymentIntents.size;
    const payment = await bed.adapter.payInvoice({ invoiceId, paymentMethodId: '' }, ctx());
    expect(payment).toMatchObject({ id: intentId, status: 'succeeded', invoiceId, customerId, amount: usd(15_000) });
    expect(bed.sandbox.state.paymentIntents.size).toBe(intentsBefore);
    expect(invoiceState(invoiceId)).toMatchObject({ status: 'paid', amount_remaining: 0 });
  });

  it('returns the link payment when reading the link attached it in the meantime', async () => {
    const { invoiceId } = await openInvoice();
    const { linkId, intentId } = await paidLink(invoiceId);
    const intentsBefore = bed.sandbox.state.paymentIntents.size;
    // payInvoice's search for the link payment is held while the link is read and settles the invoice.
    bed.sandbox.faults.add({ path: '/v1/payment_intents/search', method: 'GET', mode: 'delay', ms: 800, times: 1 });
    try {
      const paying = bed.adapter.payInvoice({ invoiceId, paymentMethodId: '' }, ctx());
      while (bed.sandbox.faults.list().length > 0) await new Promise((resolve) => setTimeout(resolve, 5));
      await bed.adapter.getPaymentLink(linkId);
      expect(invoiceState(invoiceId)?.status).toBe('paid');
      expect(await paying).toMatchObject({ id: intentId, status: 'succeeded', invoiceId });
    } finally {
      bed.sandbox.faults.clear();
    }
    expect(bed.sandbox.state.paymentIntents.size).toBe(intentsBefore);
  });

  it('charges the card when the link payment was refunded', async () => {
    const { invoiceId } = await openInvoice();
    const { intentId } = await paidLink(invoiceId);
    await bed.adapter.refund({ paymentId: intentId, reason: 'requested_by_customer', note: '' }, ctx());
    const payment = await bed.adapter.payInvoice({ invoiceId, paymentMethodId: '' }, ctx());
    expect(payment.status).toBe('succeeded');
    expect(payment.id).not.toBe(intentId);
    expect(invoiceState(invoiceId)?.status).toBe('paid');
  });

  it('refuses to charge again when Stripe will not apply a link payment made for the invoice', async () => {
    const { invoiceId } = await openInvoice();
    // Someone else paid a link carrying this invoice: Stripe refuses another customer's payment.
    const metadata = { tender_invoice_id: invoiceId };
    const session = await bed.admin.api.checkout.sessions.create({
      mode: 'payment', customer: 'cus_demo_jordan', success_url: 'https://example.com/paid', metadata, payment_intent_data: { metadata },
      line_items: [{ price_data: { currency: 'usd', unit_amount: 15_000, product_data: { name: 'Repair' } }, quantity: 1 }],
    });
    await completeSession(session.id);
    const intentsBefore = bed.sandbox.state.paymentIntents.size;
    const failure = await bed.adapter.payInvoice({ invoiceId, paymentMethodId: '' }, ctx()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TenderError);
    expect(failure).toMatchObject({ code: 'failed_precondition', field: 'invoice_id' });
    expect(bed.sandbox.state.paymentIntents.size).toBe(intentsBefore);
    expect(invoiceState(invoiceId)?.status).toBe('open');
  });
});
