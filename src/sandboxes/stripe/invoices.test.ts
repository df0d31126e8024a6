import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failureOf, openTestBed, type SandboxTestBed } from './testing/test-bed.js';

let bed: SandboxTestBed;
beforeEach(async () => {
  bed = await openTestBed();
});
afterEach(() => bed.close());

describe('invoices', () => {
  it('lists the open invoice with the fields the adapter reads', async () => {
    const open = await bed.stripe.invoices.list({ customer: 'cus_demo_jordan', status: 'open' });
    expect(open.data).toHaveLength(1);
    const invoice = open.data[0];
    expect(invoice).toMatchObject({
      id: 'in_demo_jordan_247', customer: 'cus_demo_jordan', status: 'open', amount_due: 24_700, amount_remaining: 24_700,
      currency: 'usd', description: 'Plumbing repair, October 14', number: 'TND-0001',
    });
    expect(invoice?.due_date).toBeGreaterThan(Date.now() / 1000 + 6 * 86_400);
    expect(invoice?.lines.data.map((line) => line.description)).toEqual(['Plumbing repair, October 14']);
    expect((await bed.stripe.invoices.retrieve('in_demo_sam_89'))).toMatchObject({ amount_due: 8_900, due_date: null, number: 'TND-0002' });
    expect((await bed.stripe.invoices.list({ customer: 'cus_demo_jordan', status: 'paid' })).data).toEqual([]);
  });

  it('pays an invoice off-session: invoice paid, its payment paid, its PaymentIntent succeeded', async () => {
    const paid = await bed.stripe.invoices.pay('in_demo_jordan_247', { payment_method: 'pm_demo_jordan_visa', off_session: true }, { idempotencyKey: randomUUID() });
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 24_700, amount_remaining: 0, attempted: true });
    const payments = await bed.stripe.invoicePayments.list({ invoice: 'in_demo_jordan_247' });
    expect(payments.data).toHaveLength(1);
    const payment = payments.data[0];
    expect(payment).toMatchObject({ object: 'invoice_payment', invoice: 'in_demo_jordan_247', status: 'paid', amount_paid: 24_700, currency: 'usd', is_default: true, payment: { type: 'payment_intent' } });
    const intentId = String(payment?.payment.payment_intent);
    expect(await bed.stripe.paymentIntents.retrieve(intentId)).toMatchObject({ status: 'succeeded', amount: 24_700, customer: 'cus_demo_jordan' });
    const byIntent = await bed.stripe.invoicePayments.list({ payment: { type: 'payment_intent', payment_intent: intentId } });
    expect(byIntent.data.map((found) => found.invoice)).toEqual(['in_demo_jordan_247']);
  });

  it('uses the customer default method when none is given, and refuses a paid invoice', async () => {
    await bed.stripe.invoices.pay('in_demo_jordan_247');
    const again = await failureOf(bed.stripe.invoices.pay('in_demo_jordan_247'));
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(again).toMatchObject({ statusCode: 400, rawType: 'invalid_request_error', message: 'Invoice is already paid' });
  });

  it('declines like a PaymentIntent, embedding it, and leaves the invoice open', async () => {
    const failure = await failureOf(bed.stripe.invoices.pay('in_demo_sam_89', { payment_method: 'pm_demo_sam_visa_declines', off_session: true }));
    expect(failure).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(failure).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'insufficient_funds' });
    const intent = (failure.raw as { payment_intent: Stripe.PaymentIntent }).payment_intent;
    expect(intent).toMatchObject({ status: 'requires_payment_method', amount: 8_900, last_payment_error: { decline_code: 'insufficient_funds' } });
    expect(await bed.stripe.invoices.retrieve('in_demo_sam_89')).toMatchObject({ status: 'open', attempt_count: 1, amount_remaining: 8_900 });
    const payments = await bed.stripe.invoicePayments.list({ invoice: 'in_demo_sam_89' });
    expect(payments.data[0]).toMatchObject({ status: 'open', amount_paid: null, payment: { payment_intent: intent.id } });
  });

  it('refuses a method that is not the invoice customer\u2019s, and an unknown invoice', async () => {
    const foreign = await failureOf(bed.stripe.invoices.pay('in_demo_sam_89', { payment_method: 'pm_demo_jordan_visa' }));
    expect(foreign).toMatchObject({ statusCode: 400, param: 'payment_method' });
    const missing = await failureOf(bed.stripe.invoices.pay('in_missing'));
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'id' });
  });
});
