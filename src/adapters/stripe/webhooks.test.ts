import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenderError } from '../../core/errors.js';
import type { ProcessorNotification, WebhookDelivery } from '../../core/processor-port.js';
import { DEFAULT_WEBHOOK_SECRET, type StripeEvent, type StripeEventType } from '../../sandboxes/stripe/index.js';
import { createStripeAdapter } from './adapter.js';
import { DUPLICATE_INVOICE_PAYMENT } from './duplicate-link-payment.js';
import { SIGNATURE_TOLERANCE_SECONDS } from './webhooks.js';
import { completeSession, invoiceLink, mutation as ctx, openInvoice, paidLink, usd } from './testing/invoice-fixtures.js';
import { startStripeTestBed, type StripeTestBed } from './testing/test-bed.js';

/**
 * parseWebhook against real events: the sandbox creates them as Stripe would, the SDK
 * signs them (`generateTestHeaderString`) or the sandbox delivers them signed over HTTP.
 */
let bed: StripeTestBed;
beforeAll(async () => {
  bed = await startStripeTestBed({ webhookSecret: DEFAULT_WEBHOOK_SECRET });
});
afterAll(async () => {
  await bed?.close();
});

const nowSeconds = () => Math.floor(Date.now() / 1000);

function signed(payload: string, options: { secret?: string; timestamp?: number } = {}): WebhookDelivery {
  const header = bed.admin.api.webhooks.generateTestHeaderString({
    payload, secret: options.secret ?? DEFAULT_WEBHOOK_SECRET, timestamp: options.timestamp ?? nowSeconds(),
  });
  return { rawBody: Buffer.from(payload), headers: { 'stripe-signature': header } };
}

/** The newest event of a type the sandbox created, delivered to the adapter with a valid signature. */
async function parsedLatest(type: StripeEventType): Promise<{ event: StripeEvent; notification: ProcessorNotification }> {
  const event = [...bed.sandbox.events.values()].filter((candidate) => candidate.type === type).at(-1);
  if (!event) throw new Error(`the sandbox created no ${type} event`);
  const notifications = await bed.adapter.parseWebhook!(signed(JSON.stringify(event)));
  expect(notifications).toHaveLength(1);
  return { event, notification: notifications[0]! };
}

async function rejection(promise: Promise<unknown>): Promise<TenderError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(TenderError);
  return error as TenderError;
}

describe('verification', () => {
  const payload = () => JSON.stringify([...bed.sandbox.events.values()].at(-1) ?? { id: 'evt_none' });

  it('accepts a signature made with the endpoint secret, and any one of several v1 signatures', async () => {
    await bed.adapter.charge({ customerId: 'cus_demo_jordan', paymentMethodId: 'pm_demo_jordan_visa', amount: usd(1_200), description: '', metadata: {} }, ctx());
    const body = payload();
    expect(await bed.adapter.parseWebhook!(signed(body))).toHaveLength(1);
    const good = signed(body).headers['stripe-signature']!;
    const [timestamp, v1] = good.split(',');
    const rotated = { rawBody: Buffer.from(body), headers: { 'stripe-signature': `${timestamp},v1=${'0'.repeat(64)},${v1}` } };
    expect(await bed.adapter.parseWebhook!(rotated)).toHaveLength(1);
  });

  it('refuses another secret, a changed body and a missing header as unauthenticated', async () => {
    const body = payload();
    expect((await rejection(bed.adapter.parseWebhook!(signed(body, { secret: 'whsec_someone_else' })))).code).toBe('unauthenticated');
    const changed = body.replace('"livemode":false', '"livemode":true');
    expect(changed).not.toBe(body);
    const tampered = { ...signed(body), rawBody: Buffer.from(changed) };
    expect((await rejection(bed.adapter.parseWebhook!(tampered))).code).toBe('unauthenticated');
    expect((await rejection(bed.adapter.parseWebhook!({ rawBody: Buffer.from(body), headers: {} }))).code).toBe('unauthenticated');
  });

  it(`refuses a signature older than ${SIGNATURE_TOLERANCE_SECONDS} s as unauthenticated, and accepts one just inside`, async () => {
    const body = payload();
    const stale = signed(body, { timestamp: nowSeconds() - SIGNATURE_TOLERANCE_SECONDS - 5 });
    expect((await rejection(bed.adapter.parseWebhook!(stale))).code).toBe('unauthenticated');
    const recent = signed(body, { timestamp: nowSeconds() - SIGNATURE_TOLERANCE_SECONDS + 30 });
    expect(await bed.adapter.parseWebhook!(recent)).toHaveLength(1);
  });

  it('refuses a signed body that is not an event as invalid_argument', async () => {
    expect((await rejection(bed.adapter.parseWebhook!(signed('not json')))).code).toBe('invalid_argument');
    expect((await rejection(bed.adapter.parseWebhook!(signed('{"id":"evt_1","type":"x"}')))).code).toBe('invalid_argument');
  });

  it('is not declared without a webhook secret', async () => {
    const adapter = createStripeAdapter({ secretKey: bed.sandbox.secretKey, host: bed.sandbox.host, port: bed.sandbox.port, protocol: 'http' });
    expect(adapter.parseWebhook).toBeUndefined();
    await adapter.close?.();
  });
});

describe('mapping real events', () => {
  it('payment_intent.succeeded -> payment.succeeded, with the event id and time', async () => {
    const payment = await bed.adapter.charge({ customerId: 'cus_demo_jordan', paymentMethodId: 'pm_demo_jordan_visa', amount: usd(3_300), description: '', metadata: {} }, ctx());
    const { event, notification } = await parsedLatest('payment_intent.succeeded');
    expect(notification).toEqual({
      id: event.id, type: 'payment.succeeded', subjectId: payment.id, occurredAt: new Date(event.created * 1000),
      data: { eventType: 'payment_intent.succeeded', amount: 3_300, currency: 'USD', customerId: 'cus_demo_jordan', paymentStatus: 'succeeded' },
    });
  });

  it('payment_intent.payment_failed -> payment.declined, with the neutral reason and the raw code', async () => {
    const payment = await bed.adapter.charge({ customerId: 'cus_demo_sam', paymentMethodId: 'pm_demo_sam_visa_declines', amount: usd(900), description: '', metadata: {} }, ctx());
    expect(payment.status).toBe('declined');
    const { notification } = await parsedLatest('payment_intent.payment_failed');
    expect(notification).toMatchObject({
      type: 'payment.declined', subjectId: payment.id,
      data: { declineReason: 'insufficient_funds', processorCode: 'insufficient_funds', paymentStatus: 'declined', amount: 900 },
    });
  });

  it('charge.refunded -> refund.succeeded, about the payment', async () => {
    const payment = await bed.adapter.charge({ customerId: 'cus_demo_jordan', paymentMethodId: 'pm_demo_jordan_visa', amount: usd(2_000), description: '', metadata: {} }, ctx());
    await bed.adapter.refund({ paymentId: payment.id, amount: usd(500), reason: 'requested_by_customer', note: '' }, ctx());
    const { notification } = await parsedLatest('charge.refunded');
    expect(notification).toMatchObject({
      type: 'refund.succeeded', subjectId: payment.id,
      data: { paymentId: payment.id, amount: 2_000, amountRefunded: 500, currency: 'USD', fullyRefunded: false },
    });
  });

  it('invoice.paid -> invoice.paid; a one-off invoice.payment_failed is kept as stripe.invoice.payment_failed', async () => {
    const { customerId, invoiceId } = await openInvoice(bed, 4_400);
    await bed.adapter.payInvoice({ invoiceId, paymentMethodId: '' }, ctx());
    expect((await parsedLatest('invoice.paid')).notification).toMatchObject({
      type: 'invoice.paid', subjectId: invoiceId, data: { customerId, amountPaid: 4_400, currency: 'USD' },
    });
    await bed.adapter.payInvoice({ invoiceId: 'in_demo_sam_89', paymentMethodId: '' }, ctx()).catch(() => undefined);
    expect((await parsedLatest('invoice.payment_failed')).notification).toMatchObject({
      type: 'stripe.invoice.payment_failed', subjectId: 'in_demo_sam_89',
    });
  });

  it('customer.subscription.updated / deleted -> subscription.updated / subscription.canceled', async () => {
    await bed.adapter.cancelSubscription({ subscriptionId: 'sub_demo_jordan', timing: 'at_period_end' }, ctx());
    expect((await parsedLatest('customer.subscription.updated')).notification).toMatchObject({
      type: 'subscription.updated', subjectId: 'sub_demo_jordan',
      data: { status: 'active', cancelAtPeriodEnd: true, planId: 'price_basic_monthly', customerId: 'cus_demo_jordan' },
    });
    await bed.adapter.cancelSubscription({ subscriptionId: 'sub_demo_jordan', timing: 'immediately' }, ctx());
    expect((await parsedLatest('customer.subscription.deleted')).notification).toMatchObject({
      type: 'subscription.canceled', subjectId: 'sub_demo_jordan', data: { status: 'canceled' },
    });
  });

  it('checkout.session.expired -> payment_link.expired', async () => {
    const link = await bed.adapter.createPaymentLink({ amount: usd(1_500), customerId: '', invoiceId: '', description: '', expiresAt: new Date(Date.now() + 3_600_000) }, ctx());
    await bed.admin.api.checkout.sessions.expire(link.id);
    expect((await parsedLatest('checkout.session.expired')).notification).toMatchObject({
      type: 'payment_link.expired', subjectId: link.id, data: { amount: 1_500, currency: 'USD' },
    });
  });
});

describe('checkout.session.completed (fence 3)', () => {
  it('reports payment_link.completed and settles the invoice, with no read of the link', async () => {
    const { customerId, invoiceId } = await openInvoice(bed);
    const { linkId, intentId } = await paidLink(bed, invoiceId);
    expect(bed.sandbox.state.invoices.get(invoiceId)?.status).toBe('open');

    const { notification } = await parsedLatest('checkout.session.completed');
    expect(notification).toMatchObject({
      type: 'payment_link.completed', subjectId: linkId,
      data: { paymentId: intentId, amount: 15_000, currency: 'USD', invoiceId, customerId, paymentStatus: 'paid' },
    });
    expect(bed.sandbox.state.invoices.get(invoiceId)).toMatchObject({ status: 'paid', amount_remaining: 0 });

    // A redelivery finds the invoice settled by this very payment: nothing more is sent.
    const payments = bed.sandbox.state.invoicePayments.size;
    const refunds = bed.sandbox.state.refunds.size;
    await parsedLatest('checkout.session.completed');
    expect(bed.sandbox.state.invoicePayments.size).toBe(payments);
    expect(bed.sandbox.state.refunds.size).toBe(refunds);
  });

  it('decides on the current state: a link paid after its invoice was paid otherwise is refunded as a duplicate', async () => {
    const { invoiceId } = await openInvoice(bed);
    const link = await invoiceLink(bed, invoiceId);
    expect((await completeSession(bed, link.id)).status).toBe(200);
    const completed = [...bed.sandbox.events.values()].filter((event) => event.type === 'checkout.session.completed').at(-1)!;
    // Paid at Stripe directly (the dashboard), after the link: the event's snapshot does not know.
    await bed.admin.api.invoices.pay(invoiceId);

    await bed.adapter.parseWebhook!(signed(JSON.stringify(completed)));
    const intentId = String(bed.sandbox.state.checkoutSessions.get(link.id)?.payment_intent);
    const refund = [...bed.sandbox.state.refunds.values()].find((candidate) => candidate.payment_intent === intentId);
    expect(refund).toMatchObject({ amount: 15_000, reason: 'duplicate', metadata: { tender_reason: DUPLICATE_INVOICE_PAYMENT } });
  });

  it('fails the delivery when Stripe cannot be reached, so that Stripe delivers it again', async () => {
    const { invoiceId } = await openInvoice(bed);
    const { linkId } = await paidLink(bed, invoiceId);
    bed.sandbox.faults.add({ path: `/v1/checkout/sessions/${linkId}`, method: 'GET', mode: 'error500', times: 10 });
    try {
      expect((await rejection(parsedLatest('checkout.session.completed'))).code).toBe('unavailable');
    } finally {
      bed.sandbox.faults.clear();
    }
    expect(bed.sandbox.state.invoices.get(invoiceId)?.status).toBe('open');
    await parsedLatest('checkout.session.completed');
    expect(bed.sandbox.state.invoices.get(invoiceId)?.status).toBe('paid');
  });
});

describe('deliveries from the sandbox over HTTP', () => {
  let receiver: Server;
  const answered: number[] = [];
  beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const headers: Record<string, string | undefined> = { 'stripe-signature': request.headers['stripe-signature'] as string | undefined };
        bed.adapter.parseWebhook!({ rawBody: Buffer.concat(chunks), headers }).then(
          () => 200,
          (error: unknown) => (error instanceof TenderError && error.code === 'unauthenticated' ? 401 : 503),
        ).then((status) => {
          answered.push(status);
          response.writeHead(status).end();
        });
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    bed.sandbox.webhooks.url = undefined;
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('are verified, and the checkout.session.completed delivery alone settles the invoice', async () => {
    bed.sandbox.webhooks.url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/stripe`;
    const { invoiceId } = await openInvoice(bed);
    const { linkId } = await paidLink(bed, invoiceId);
    await bed.sandbox.webhooks.idle();
    const delivery = bed.sandbox.state.webhookDeliveries.find((record) => record.type === 'checkout.session.completed');
    expect(delivery).toMatchObject({ statuses: [200], delivered: true });
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.every((status) => status === 200)).toBe(true);
    expect(bed.sandbox.state.invoices.get(invoiceId)?.status).toBe('paid');
    expect(bed.sandbox.state.checkoutSessions.get(linkId)?.status).toBe('complete');
  });
});
