import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenderError } from '../../core/errors.js';
import type { MutationContext, ProrationChoice } from '../../core/processor-port.js';
import { createStripeAdapter } from './adapter.js';
import { attachTestMethod, startStripeTestBed, type StripeTestBed } from './testing/test-bed.js';

/**
 * Stripe-specific behaviour over the real SDK and the in-process sandbox; what every
 * processor must do is in contract.test.ts.
 */
let bed: StripeTestBed;
beforeAll(async () => {
  bed = await startStripeTestBed();
});
afterAll(async () => {
  await bed?.close();
});

function ctx(): MutationContext {
  return { processorIdempotencyKey: `adapter-${randomUUID()}` };
}

const usd = (amount: number) => ({ amount, currency: 'USD' });
const jordan = { customerId: 'cus_demo_jordan', paymentMethodId: 'pm_demo_jordan_visa' };

async function rejection(promise: Promise<unknown>): Promise<TenderError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(TenderError);
  return error as TenderError;
}

describe('declared capabilities', () => {
  it('declares everything but async refunds, and Checkout expiry bounds of 30 min to 24 h', () => {
    expect(bed.adapter.capabilities.has('async_refund')).toBe(false);
    expect(bed.adapter.capabilities.size).toBe(16);
    expect(bed.adapter.capabilities.has('payment_method_wallets')).toBe(true);
    expect(bed.adapter.paymentLinkExpiryBounds).toEqual({ minSeconds: 1800, maxSeconds: 86400 });
  });
});

describe('charge', () => {
  it('forwards the processor key as the Idempotency-Key and records it on the intent', async () => {
    const context = ctx();
    const payment = await bed.adapter.charge({ ...jordan, amount: usd(1999), description: 'Filter', metadata: { order: 'o-1' } }, context);
    const stored = bed.sandbox.state.paymentIntents.get(payment.id);
    expect(stored?.metadata).toEqual({ order: 'o-1', tender_key: context.processorIdempotencyKey });
    const mismatch = bed.adapter.charge({ ...jordan, amount: usd(2999), description: 'Filter', metadata: { order: 'o-1' } }, context);
    expect((await rejection(mismatch)).code).toBe('failed_precondition');
  });

  it('declines the seeded insufficient-funds customer as a value', async () => {
    const payment = await bed.adapter.charge(
      { customerId: 'cus_demo_sam', paymentMethodId: '', amount: usd(8900), description: '', metadata: {} },
      ctx(),
    );
    expect(payment).toMatchObject({
      status: 'declined',
      paymentMethodId: 'pm_demo_sam_visa_declines',
      decline: { reason: 'insufficient_funds', processorCode: 'insufficient_funds' },
    });
    expect(payment.id).toMatch(/^pi_/);
  });

  it('asks for action when the card needs authentication off-session', async () => {
    const payment = await bed.adapter.charge(
      { customerId: 'cus_demo_casey', paymentMethodId: '', amount: usd(5000), description: '', metadata: {} },
      ctx(),
    );
    expect(payment).toMatchObject({ status: 'requires_action', decline: { reason: 'authentication_required' } });
  });

  it('refuses a customer without a default method before calling Stripe', async () => {
    const customer = await bed.admin.api.customers.create({ name: 'No Card' });
    const before = bed.sandbox.state.paymentIntents.size;
    const failure = await rejection(
      bed.adapter.charge({ customerId: customer.id, paymentMethodId: '', amount: usd(1000), description: '', metadata: {} }, ctx()),
    );
    expect(failure).toMatchObject({ code: 'failed_precondition', field: 'payment_method_id' });
    expect(bed.sandbox.state.paymentIntents.size).toBe(before);
  });

  it('names the field Stripe refused', async () => {
    const tooSmall = await rejection(bed.adapter.charge({ ...jordan, amount: usd(10), description: '', metadata: {} }, ctx()));
    expect(tooSmall).toMatchObject({ code: 'invalid_argument', field: 'amount.amount' });
    const badCurrency = await rejection(
      bed.adapter.charge({ ...jordan, amount: { amount: 1000, currency: 'XXX' }, description: '', metadata: {} }, ctx()),
    );
    expect(badCurrency).toMatchObject({ code: 'invalid_argument', field: 'amount.currency' });
  });

  it('does not send a charge whose caller already gave up', async () => {
    const before = bed.sandbox.state.paymentIntents.size;
    const context = { ...ctx(), signal: AbortSignal.abort() };
    const failure = await rejection(bed.adapter.charge({ ...jordan, amount: usd(1000), description: '', metadata: {} }, context));
    expect(failure).toMatchObject({ code: 'deadline_exceeded', processorReached: false });
    expect(bed.sandbox.state.paymentIntents.size).toBe(before);
  });

  it('reports a 500 after retries as outcome_unknown', async () => {
    const adapter = createStripeAdapter({
      secretKey: bed.sandbox.secretKey, host: bed.sandbox.host, port: bed.sandbox.port, protocol: 'http', maxNetworkRetries: 0,
    });
    bed.sandbox.faults.add({ path: '/v1/payment_intents', mode: 'error500', times: 1 });
    try {
      const payment = await adapter.charge({ ...jordan, amount: usd(1000), description: '', metadata: {} }, ctx());
      expect(payment).toMatchObject({ id: '', status: 'outcome_unknown', amount: usd(1000) });
    } finally {
      bed.sandbox.faults.clear();
      await adapter.close?.();
    }
  });
});

describe('account errors', () => {
  it('reports a rejected key as unavailable without repeating the key', async () => {
    const secretKey = 'sk_test_wrong_key_1234567890';
    const adapter = createStripeAdapter({ secretKey, host: bed.sandbox.host, port: bed.sandbox.port, protocol: 'http' });
    try {
      const failure = await rejection(adapter.findCustomers({ phone: '+14155550123' }));
      expect(failure.code).toBe('unavailable');
      expect(failure.message).not.toContain('sk_test');
      expect(failure.message).not.toContain('7890');
    } finally {
      await adapter.close?.();
    }
  });

  it('reports an unknown customer as not_found on customer_id', async () => {
    const failure = await rejection(bed.adapter.listPaymentMethods('cus_missing'));
    expect(failure).toMatchObject({ code: 'not_found', field: 'customer_id' });
  });
});

describe('payInvoice', () => {
  it('returns a decline with the invoice id and leaves the invoice open', async () => {
    const payment = await bed.adapter.payInvoice({ invoiceId: 'in_demo_sam_89', paymentMethodId: '' }, ctx());
    expect(payment).toMatchObject({ status: 'declined', invoiceId: 'in_demo_sam_89', decline: { reason: 'insufficient_funds' } });
    expect((await bed.adapter.getInvoice('in_demo_sam_89'))?.status).toBe('open');
  });

  it('refuses to pay an invoice already paid under another key', async () => {
    const paid = await bed.adapter.payInvoice({ invoiceId: 'in_demo_jordan_247', paymentMethodId: '' }, ctx());
    expect(paid).toMatchObject({ status: 'succeeded', amount: usd(24700), invoiceId: 'in_demo_jordan_247' });
    const again = await rejection(bed.adapter.payInvoice({ invoiceId: 'in_demo_jordan_247', paymentMethodId: '' }, ctx()));
    expect(again).toMatchObject({ code: 'failed_precondition', field: 'invoice_id' });
  });

  it('reports an unknown invoice as not_found', async () => {
    const failure = await rejection(bed.adapter.payInvoice({ invoiceId: 'in_missing', paymentMethodId: '' }, ctx()));
    expect(failure).toMatchObject({ code: 'not_found', field: 'invoice_id' });
  });
});

describe('refund', () => {
  it('keeps reasons Stripe lacks in metadata and refuses another currency', async () => {
    const payment = await bed.adapter.charge({ ...jordan, amount: usd(5000), description: '', metadata: {} }, ctx());
    const wrongCurrency = bed.adapter.refund(
      { paymentId: payment.id, amount: { amount: 100, currency: 'EUR' }, reason: 'other', note: '' },
      ctx(),
    );
    expect(await rejection(wrongCurrency)).toMatchObject({ code: 'invalid_argument', field: 'amount.currency' });
    const refund = await bed.adapter.refund({ paymentId: payment.id, reason: 'service_not_provided', note: 'no show' }, ctx());
    expect(refund).toMatchObject({ status: 'succeeded', reason: 'service_not_provided', amount: usd(5000) });
    const stored = bed.sandbox.state.refunds.get(refund.id);
    expect(stored).toMatchObject({ reason: 'requested_by_customer', metadata: { tender_reason: 'service_not_provided', tender_note: 'no show' } });
  });

  it('reports an unknown payment as not_found on payment_id', async () => {
    const failure = await rejection(bed.adapter.refund({ paymentId: 'pi_missing', reason: 'duplicate', note: '' }, ctx()));
    expect(failure).toMatchObject({ code: 'not_found', field: 'payment_id' });
  });
});

describe('payment links', () => {
  it('follows a link from open to completed and links the payment back to the invoice', async () => {
    const link = await bed.adapter.createPaymentLink(
      { amount: usd(8900), customerId: 'cus_demo_sam', invoiceId: 'in_demo_sam_89', description: 'Service call fee', expiresAt: new Date(Date.now() + 3600_000) },
      ctx(),
    );
    expect(link).toMatchObject({ status: 'open', invoiceId: 'in_demo_sam_89', description: 'Service call fee' });
    const response = await fetch(`${bed.sandbox.url}/_sandbox/checkout/sessions/${link.id}/complete`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bed.sandbox.secretKey}` },
    });
    expect(response.ok).toBe(true);
    const completed = await bed.adapter.getPaymentLink(link.id);
    expect(completed).toMatchObject({ status: 'completed', invoiceId: 'in_demo_sam_89' });
    const payment = await bed.adapter.getPayment(completed?.paymentId ?? '');
    expect(payment).toMatchObject({ status: 'succeeded', amount: usd(8900), invoiceId: 'in_demo_sam_89' });
  });

  it('reads an expired link as expired', async () => {
    const link = await bed.adapter.createPaymentLink(
      { amount: usd(1000), customerId: '', invoiceId: '', description: '', expiresAt: new Date(Date.now() + 3600_000) },
      ctx(),
    );
    await bed.admin.api.checkout.sessions.expire(link.id);
    expect((await bed.adapter.getPaymentLink(link.id))?.status).toBe('expired');
  });

  it('refuses an expiry outside Stripe bounds on the API field', async () => {
    const tooSoon = bed.adapter.createPaymentLink(
      { amount: usd(1000), customerId: '', invoiceId: '', description: '', expiresAt: new Date(Date.now() + 60_000) },
      ctx(),
    );
    expect(await rejection(tooSoon)).toMatchObject({ code: 'invalid_argument', field: 'expires_in' });
  });
});

describe('subscriptions', () => {
  it('names plans and refuses a method of another customer', async () => {
    const plans = await bed.adapter.listPlans();
    expect(plans.map((plan) => [plan.id, plan.name, plan.amount.amount, plan.interval])).toEqual(
      expect.arrayContaining([
        ['price_basic_monthly', 'Basic', 1900, 'month'],
        ['price_plus_monthly', 'Plus', 3900, 'month'],
        ['price_plus_yearly', 'Plus yearly', 39000, 'year'],
      ]),
    );
    const foreign = await attachTestMethod(bed, 'cus_demo_sam', 'pm_card_mastercard');
    const failure = await rejection(
      bed.adapter.updateSubscriptionPaymentMethod({ subscriptionId: 'sub_demo_jordan', paymentMethodId: foreign }, ctx()),
    );
    expect(failure).toMatchObject({ code: 'not_found', field: 'payment_method_id' });
  });

  it('maps each proration choice onto the update Stripe receives', async () => {
    const { state } = bed.sandbox;
    const change = (planId: string, proration: ProrationChoice) =>
      bed.adapter.changeSubscriptionPlan({ subscriptionId: 'sub_demo_jordan', planId, proration }, ctx());
    const counts = () => ({ pendingItems: state.invoiceItems.size, invoices: state.invoices.size });

    let before = counts();
    expect((await change('price_plus_monthly', 'prorate')).plan).toMatchObject({ id: 'price_plus_monthly', name: 'Plus' });
    expect(counts()).toEqual({ pendingItems: before.pendingItems + 2, invoices: before.invoices });

    before = counts();
    await change('price_basic_monthly', 'prorate_and_invoice_now');
    expect(counts()).toEqual({ pendingItems: before.pendingItems - 2, invoices: before.invoices + 1 });

    before = counts();
    await change('price_plus_monthly', 'none');
    expect(counts()).toEqual(before);

    before = counts();
    await change('price_basic_monthly', 'default');
    expect(counts()).toEqual({ pendingItems: before.pendingItems + 2, invoices: before.invoices });
  });

  it('reports an unknown subscription as not_found on subscription_id', async () => {
    const missing = await rejection(
      bed.adapter.changeSubscriptionPlan({ subscriptionId: 'sub_missing', planId: 'price_plus_yearly', proration: 'none' }, ctx()),
    );
    expect(missing).toMatchObject({ code: 'not_found', field: 'subscription_id' });
  });
});
