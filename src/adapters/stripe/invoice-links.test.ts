import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DUPLICATE_INVOICE_PAYMENT, duplicateRefundKey } from './duplicate-link-payment.js';
import { linkExpiryKey } from './invoice-links.js';
import { completeSession, invoiceLink, mutation, netCharged, openInvoice, paidLink } from './testing/invoice-fixtures.js';
import { startStripeTestBed, type StripeTestBed } from './testing/test-bed.js';

/**
 * An invoice paid another way while its link is open: the link is expired, and a link
 * paid all the same is refunded as a duplicate. Whatever the order, the customer ends up
 * charged once.
 */
let bed: StripeTestBed;
beforeAll(async () => {
  bed = await startStripeTestBed();
});
afterAll(async () => {
  await bed?.close();
});

const AMOUNT = 15_000;
const sessionOf = (id: string) => bed.sandbox.state.checkoutSessions.get(id);
const payInvoice = (invoiceId: string) => bed.adapter.payInvoice({ invoiceId, paymentMethodId: '' }, mutation());
const refundsOf = (paymentIntent: string) =>
  [...bed.sandbox.state.refunds.values()].filter((refund) => refund.payment_intent === paymentIntent);

/** Until the sandbox has taken every armed fault (a request reached it), for at most 5 s. */
async function waitForFaults(): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (bed.sandbox.faults.list().length > 0) {
    if (Date.now() > deadline) throw new Error('the sandbox never received the request the fault was armed for');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('paying an invoice whose link is open', () => {
  it("expires the invoice's open links, and no other session, so the caller can no longer pay them", async () => {
    const { customerId, invoiceId } = await openInvoice(bed, AMOUNT);
    const first = await invoiceLink(bed, invoiceId);
    const second = await invoiceLink(bed, invoiceId);
    const unrelated = await bed.adapter.createPaymentLink(
      { amount: { amount: 2_000, currency: 'USD' }, customerId, invoiceId: '', description: 'Deposit', expiresAt: new Date(Date.now() + 3600_000) },
      mutation(),
    );

    expect(await payInvoice(invoiceId)).toMatchObject({ status: 'succeeded', invoiceId });
    expect(sessionOf(first.id)?.status).toBe('expired');
    expect(sessionOf(second.id)?.status).toBe('expired');
    expect(sessionOf(unrelated.id)?.status).toBe('open');
    expect((await completeSession(bed, first.id)).status).toBe(400);
    expect(await bed.adapter.getPaymentLink(first.id)).toMatchObject({ status: 'expired', paymentId: '' });
    expect(netCharged(bed, customerId)).toBe(AMOUNT);

    // Each expiry went out under the key derived from its session.
    const replay = await bed.admin.api.checkout.sessions.expire(first.id, {}, { idempotencyKey: linkExpiryKey(first.id) });
    expect(replay.lastResponse.headers['idempotent-replayed']).toBe('true');
  });

  it("finds the invoice's link on a later page of the customer's sessions", async () => {
    const { customerId, invoiceId } = await openInvoice(bed, AMOUNT);
    const link = await invoiceLink(bed, invoiceId);
    const others = Array.from({ length: 100 }, () =>
      bed.admin.api.checkout.sessions.create({
        mode: 'payment', customer: customerId, success_url: 'https://example.com/paid',
        line_items: [{ price_data: { currency: 'usd', unit_amount: 1_000, product_data: { name: 'Other' } }, quantity: 1 }],
      }),
    );
    await Promise.all(others);

    await payInvoice(invoiceId);
    expect(sessionOf(link.id)?.status).toBe('expired');
    const stillOpen = [...bed.sandbox.state.checkoutSessions.values()].filter((s) => s.customer === customerId && s.status === 'open');
    expect(stillOpen).toHaveLength(100);
  });

  it('expires the other open links when reading a paid link settles the invoice', async () => {
    const { invoiceId } = await openInvoice(bed, AMOUNT);
    const other = await invoiceLink(bed, invoiceId);
    const { linkId } = await paidLink(bed, invoiceId);
    await bed.adapter.getPaymentLink(linkId);
    expect(bed.sandbox.state.invoices.get(invoiceId)?.status).toBe('paid');
    expect(sessionOf(other.id)?.status).toBe('expired');
  });
});

describe('a link paid after its invoice was paid another way', () => {
  /** Checks the link payment was returned in full as a duplicate, once, and the customer charged once. */
  async function expectRefundedDuplicate(customerId: string, linkId: string): Promise<void> {
    const intentId = String(sessionOf(linkId)?.payment_intent);
    const link = await bed.adapter.getPaymentLink(linkId);
    expect(link).toMatchObject({ status: 'completed', paymentId: intentId });
    const refunds = refundsOf(intentId);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({
      amount: AMOUNT, status: 'succeeded', reason: 'duplicate', metadata: { tender_reason: DUPLICATE_INVOICE_PAYMENT },
    });
    expect(await bed.adapter.getPayment(intentId)).toMatchObject({
      status: 'succeeded', amountRefunded: { amount: AMOUNT, currency: 'USD' },
    });
    expect(netCharged(bed, customerId)).toBe(AMOUNT);

    // Reading again refunds nothing more; the refund went out under the session's key.
    await bed.adapter.getPaymentLink(linkId);
    expect(refundsOf(intentId)).toHaveLength(1);
    const replay = await bed.admin.api.refunds.create(
      { payment_intent: intentId, reason: 'duplicate', metadata: { tender_reason: DUPLICATE_INVOICE_PAYMENT } },
      { idempotencyKey: duplicateRefundKey(linkId) },
    );
    expect(replay.lastResponse.headers['idempotent-replayed']).toBe('true');
  }

  it('is refunded at once when paid between the invoice payment and the expiry', async () => {
    const { customerId, invoiceId } = await openInvoice(bed, AMOUNT);
    const link = await invoiceLink(bed, invoiceId);
    // The listing of open links is held while the caller pays the link.
    bed.sandbox.faults.add({ path: '/v1/checkout/sessions', method: 'GET', mode: 'delay', ms: 300, times: 1 });
    try {
      const paying = payInvoice(invoiceId);
      await waitForFaults();
      expect((await completeSession(bed, link.id)).status).toBe(200);
      const payment = await paying;
      expect(payment).toMatchObject({ status: 'succeeded', invoiceId });
      expect(payment.id).not.toBe(sessionOf(link.id)?.payment_intent);
    } finally {
      bed.sandbox.faults.clear();
    }
    expect(sessionOf(link.id)?.status).toBe('complete');
    expect(netCharged(bed, customerId)).toBe(2 * AMOUNT);
    await expectRefundedDuplicate(customerId, link.id);
  });

  it('is refunded when expiring failed: the invoice payment still succeeded', async () => {
    const { customerId, invoiceId } = await openInvoice(bed, AMOUNT);
    const link = await invoiceLink(bed, invoiceId);
    bed.sandbox.faults.add({ path: '/v1/checkout/sessions', method: 'GET', mode: 'error500', times: 10 });
    try {
      const started = Date.now();
      expect(await payInvoice(invoiceId)).toMatchObject({ status: 'succeeded', invoiceId });
      // Closing links is best effort: one try, not the SDK's retries with back-off.
      expect(bed.sandbox.faults.list()[0]?.times).toBe(9);
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      bed.sandbox.faults.clear();
    }
    expect(sessionOf(link.id)?.status).toBe('open');
    expect((await completeSession(bed, link.id)).status).toBe(200);
    await expectRefundedDuplicate(customerId, link.id);
  });

  it('is refunded when a second link for the invoice is paid after the first settled it', async () => {
    const { customerId, invoiceId } = await openInvoice(bed, AMOUNT);
    const second = await invoiceLink(bed, invoiceId);
    const { linkId } = await paidLink(bed, invoiceId);
    // Paid before anyone read the first link, so nothing had expired the second yet.
    expect((await completeSession(bed, second.id)).status).toBe(200);
    await bed.adapter.getPaymentLink(linkId);
    expect(bed.sandbox.state.invoices.get(invoiceId)?.status).toBe('paid');
    await expectRefundedDuplicate(customerId, second.id);
  });
});
