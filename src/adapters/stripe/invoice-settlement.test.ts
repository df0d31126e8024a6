import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenderError } from '../../core/errors.js';
import { linkSettlementKey } from './invoice-settlement.js';
import { completeSession, invoiceLink, mutation as ctx, openInvoice as openInvoiceOn, paidLink as paidLinkOn, usd } from './testing/invoice-fixtures.js';
import { startStripeTestBed, type StripeTestBed } from './testing/test-bed.js';

/** Links for invoices must settle them, whichever of reading the link or paying the invoice comes first. */
let bed: StripeTestBed;
beforeAll(async () => {
  bed = await startStripeTestBed();
});
afterAll(async () => {
  await bed?.close();
});

const inOneHour = () => new Date(Date.now() + 3600_000);
const openInvoice = () => openInvoiceOn(bed);
const paidLink = (invoiceId: string) => paidLinkOn(bed, invoiceId);
const invoiceState = (invoiceId: string) => bed.sandbox.state.invoices.get(invoiceId);

describe('creating a link for an invoice', () => {
  it("names the invoice's customer on the session, and refuses another customer", async () => {
    const { customerId, invoiceId } = await openInvoice();
    const link = await invoiceLink(bed, invoiceId);
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

  it('refuses to charge in full on top of a link payment since partly refunded, for a person to reconcile', async () => {
    const { invoiceId } = await openInvoice();
    const { linkId, intentId } = await paidLink(invoiceId);
    await bed.adapter.refund({ paymentId: intentId, amount: usd(5_000), reason: 'requested_by_customer', note: '' }, ctx());
    // Reading the link does not apply it: Stripe would count all 150.00 towards the invoice.
    expect(await bed.adapter.getPaymentLink(linkId)).toMatchObject({ status: 'completed', paymentId: intentId });
    expect(invoiceState(invoiceId)).toMatchObject({ status: 'open', amount_paid: 0 });

    const intentsBefore = bed.sandbox.state.paymentIntents.size;
    const failure = await bed.adapter.payInvoice({ invoiceId, paymentMethodId: '' }, ctx()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TenderError);
    expect(failure).toMatchObject({ code: 'failed_precondition', field: 'invoice_id' });
    expect((failure as TenderError).message).toContain(intentId);
    expect((failure as TenderError).message).toContain('5000 of 15000 USD');
    expect((failure as TenderError).message).toContain('a person must reconcile');
    expect(bed.sandbox.state.paymentIntents.size).toBe(intentsBefore);
    expect(invoiceState(invoiceId)).toMatchObject({ status: 'open', amount_paid: 0 });
    expect(await bed.adapter.getPayment(intentId)).toMatchObject({ status: 'succeeded', amountRefunded: usd(5_000) });
  });

  it('neither applies a refunded link payment when the link is read nor refunds it again', async () => {
    const { invoiceId } = await openInvoice();
    const { linkId, intentId } = await paidLink(invoiceId);
    await bed.adapter.refund({ paymentId: intentId, reason: 'requested_by_customer', note: '' }, ctx());
    const refundsBefore = bed.sandbox.state.refunds.size;
    expect(await bed.adapter.getPaymentLink(linkId)).toMatchObject({ status: 'completed', paymentId: intentId });
    expect(invoiceState(invoiceId)?.status).toBe('open');

    expect((await bed.adapter.payInvoice({ invoiceId, paymentMethodId: '' }, ctx())).status).toBe('succeeded');
    await bed.adapter.getPaymentLink(linkId);
    expect(bed.sandbox.state.refunds.size).toBe(refundsBefore);
  });

  it('refuses to charge again when Stripe will not apply a link payment made for the invoice', async () => {
    const { invoiceId } = await openInvoice();
    // Someone else paid a link carrying this invoice: Stripe refuses another customer's payment.
    const metadata = { tender_invoice_id: invoiceId };
    const session = await bed.admin.api.checkout.sessions.create({
      mode: 'payment', customer: 'cus_demo_jordan', success_url: 'https://example.com/paid', metadata, payment_intent_data: { metadata },
      line_items: [{ price_data: { currency: 'usd', unit_amount: 15_000, product_data: { name: 'Repair' } }, quantity: 1 }],
    });
    expect((await completeSession(bed, session.id)).status).toBe(200);
    const intentsBefore = bed.sandbox.state.paymentIntents.size;
    const failure = await bed.adapter.payInvoice({ invoiceId, paymentMethodId: '' }, ctx()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TenderError);
    expect(failure).toMatchObject({ code: 'failed_precondition', field: 'invoice_id' });
    expect(bed.sandbox.state.paymentIntents.size).toBe(intentsBefore);
    expect(invoiceState(invoiceId)?.status).toBe('open');
  });
});
