import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StripeEvent } from './events.js';
import { openTestBed, type SandboxTestBed } from './testing/test-bed.js';
import { DEFAULT_WEBHOOK_SECRET, signatureHeader } from './webhook-sender.js';

/** A webhook endpoint on 127.0.0.1 that records each delivery and answers the next scripted status (200 once none is left). */
interface Endpoint {
  url: string;
  received: Array<{ body: string; signature: string }>;
  script: number[];
  close(): Promise<void>;
}

async function openEndpoint(): Promise<Endpoint> {
  const received: Endpoint['received'] = [];
  const script: number[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: String(request.headers['stripe-signature']) });
      response.writeHead(script.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    script,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const RETRY_DELAYS_MS = [10, 20, 40];
let bed: SandboxTestBed;
let endpoint: Endpoint;
beforeAll(async () => {
  bed = await openTestBed({ webhookRetryDelaysMs: RETRY_DELAYS_MS });
  endpoint = await openEndpoint();
});
afterAll(async () => {
  await bed.close();
  await endpoint.close();
});
afterEach(() => {
  bed.sandbox.webhooks.url = undefined;
  endpoint.received.length = 0;
  endpoint.script.length = 0;
});

const verified = (delivery: { body: string; signature: string }) =>
  Stripe.webhooks.constructEvent(delivery.body, delivery.signature, DEFAULT_WEBHOOK_SECRET) as unknown as StripeEvent;
const eventTypes = () => [...bed.sandbox.events.values()].map((event) => event.type);

async function paidSession(): Promise<string> {
  const session = await bed.stripe.checkout.sessions.create({
    mode: 'payment', customer: 'cus_demo_jordan', success_url: 'https://example.com/paid',
    line_items: [{ price_data: { currency: 'usd', unit_amount: 2_500, product_data: { name: 'Visit' } }, quantity: 1 }],
  });
  const paid = await fetch(`${bed.sandbox.url}/_sandbox/checkout/sessions/${session.id}/complete`, { method: 'POST' });
  expect(paid.status).toBe(200);
  return session.id;
}

describe('signed webhook delivery', () => {
  it('POSTs each event as a real event object that the Stripe SDK verifies with the endpoint secret', async () => {
    bed.sandbox.webhooks.url = endpoint.url;
    const sessionId = await paidSession();
    await bed.sandbox.webhooks.idle();
    const events = endpoint.received.map(verified);
    expect(events.map((event) => event.type).sort()).toEqual(['checkout.session.completed', 'payment_intent.succeeded']);
    const completed = events.find((event) => event.type === 'checkout.session.completed')!;
    expect(completed).toMatchObject({
      object: 'event', livemode: false, api_version: '2026-10-28.endive', request: { id: null, idempotency_key: null },
      data: { object: { id: sessionId, object: 'checkout.session', status: 'complete', payment_status: 'paid', amount_total: 2_500 } },
    });
    expect(completed.id).toMatch(/^evt_/);
    expect(bed.sandbox.events.get(completed.id)?.pending_webhooks).toBe(0);
    const records = bed.sandbox.state.webhookDeliveries.filter((record) => record.eventId === completed.id);
    expect(records).toEqual([{ eventId: completed.id, type: 'checkout.session.completed', url: endpoint.url, statuses: [200], delivered: true }]);
  });

  it('signs t=<unix>,v1=<hex> over "<t>.<body>" with the whole secret', () => {
    const header = signatureHeader('whsec_abc', 1_700_000_000, '{"id":"evt_1"}');
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    const event = Stripe.webhooks.constructEvent('{"id":"evt_1"}', header, 'whsec_abc', 0) as unknown as { id: string };
    expect(event.id).toBe('evt_1');
  });

  it('retries a refused delivery with backoff, and gives up after a bounded number of attempts', async () => {
    bed.sandbox.webhooks.url = endpoint.url;
    endpoint.script.push(500, 503);
    await bed.stripe.checkout.sessions.expire((await bed.stripe.checkout.sessions.create({
      mode: 'payment', success_url: 'https://example.com/paid',
      line_items: [{ price_data: { currency: 'usd', unit_amount: 700, product_data: { name: 'Visit' } }, quantity: 1 }],
    })).id);
    await bed.sandbox.webhooks.idle();
    const expired = bed.sandbox.state.webhookDeliveries.filter((record) => record.type === 'checkout.session.expired').at(-1);
    expect(expired).toMatchObject({ statuses: [500, 503, 200], delivered: true });
    // Every attempt carried the same event, freshly signed.
    expect(new Set(endpoint.received.map((delivery) => verified(delivery).id)).size).toBe(1);

    endpoint.script.push(...Array<number>(10).fill(500));
    endpoint.received.length = 0;
    const payment = await bed.stripe.paymentIntents.create({ amount: 1_000, currency: 'usd', customer: 'cus_demo_jordan', payment_method: 'pm_demo_jordan_visa', confirm: true, off_session: true });
    await bed.sandbox.webhooks.idle();
    const failing = bed.sandbox.state.webhookDeliveries.find((record) => verified(endpoint.received[0]!).id === record.eventId);
    expect(failing).toMatchObject({ type: 'payment_intent.succeeded', statuses: [500, 500, 500, 500], delivered: false });
    expect(endpoint.received).toHaveLength(RETRY_DELAYS_MS.length + 1);
    expect(bed.sandbox.events.get(failing!.eventId)?.pending_webhooks).toBe(1);
    expect((await bed.stripe.events.list({ delivery_success: false })).data.map((event) => event.id)).toContain(failing!.eventId);
    expect(payment.status).toBe('succeeded');
  });

  it('redelivers an event on demand, as the same event', async () => {
    bed.sandbox.webhooks.url = endpoint.url;
    await paidSession();
    await bed.sandbox.webhooks.idle();
    const first = endpoint.received.map(verified).find((event) => event.type === 'checkout.session.completed')!;
    const again = await bed.sandbox.webhooks.redeliver(first.id);
    expect(again).toMatchObject({ eventId: first.id, statuses: [200], delivered: true });
    // pending_webhooks counts the endpoints still waiting: none, once the first delivery succeeded.
    expect(verified(endpoint.received.at(-1)!)).toEqual({ ...first, pending_webhooks: 0 });
  });

  it('keeps the events but delivers nothing while no URL is set', async () => {
    const deliveries = bed.sandbox.state.webhookDeliveries.length;
    await paidSession();
    await bed.sandbox.webhooks.idle();
    expect(endpoint.received).toHaveLength(0);
    expect(bed.sandbox.state.webhookDeliveries).toHaveLength(deliveries);
    expect(eventTypes().slice(-2)).toEqual(['payment_intent.succeeded', 'checkout.session.completed']);
  });

  it('takes its URL at runtime from POST /_sandbox/webhooks, and shows the deliveries', async () => {
    const set = await fetch(`${bed.sandbox.url}/_sandbox/webhooks`, { method: 'POST', body: JSON.stringify({ url: endpoint.url }) });
    expect(set.status).toBe(200);
    await paidSession();
    await bed.sandbox.webhooks.idle();
    expect(endpoint.received).toHaveLength(2);
    const listed = (await (await fetch(`${bed.sandbox.url}/_sandbox/webhooks`)).json()) as { url: string; deliveries: unknown[] };
    expect(listed.url).toBe(endpoint.url);
    expect(listed.deliveries.length).toBe(bed.sandbox.state.webhookDeliveries.length);

    const bad = await fetch(`${bed.sandbox.url}/_sandbox/webhooks`, { method: 'POST', body: JSON.stringify({ url: 'ftp://x' }) });
    expect(bad.status).toBe(400);
    const cleared = await fetch(`${bed.sandbox.url}/_sandbox/webhooks`, { method: 'POST', body: JSON.stringify({ url: null }) });
    expect(((await cleared.json()) as { url: unknown }).url).toBeNull();
    expect(bed.sandbox.webhooks.url).toBeUndefined();
  });
});

describe('events', () => {
  it('are created for refunds, invoices, declines and subscriptions, and listed by GET /v1/events', async () => {
    const charged = await bed.stripe.paymentIntents.create({ amount: 3_000, currency: 'usd', customer: 'cus_demo_jordan', payment_method: 'pm_demo_jordan_visa', confirm: true, off_session: true });
    await bed.stripe.refunds.create({ payment_intent: charged.id, amount: 1_000 });
    await bed.stripe.invoices.pay('in_demo_jordan_247');
    await bed.stripe.invoices.pay('in_demo_sam_89').catch(() => undefined);
    await bed.stripe.subscriptions.update('sub_demo_jordan', { cancel_at_period_end: true });
    await bed.stripe.subscriptions.cancel('sub_demo_jordan');
    const types = eventTypes();
    for (const type of [
      'charge.refunded', 'invoice.paid', 'payment_intent.payment_failed', 'invoice.payment_failed',
      'customer.subscription.updated', 'customer.subscription.deleted',
    ]) expect(types).toContain(type);

    const refunded = [...bed.sandbox.events.values()].find((event) => event.type === 'charge.refunded')!;
    expect(refunded.data.object).toMatchObject({ object: 'charge', payment_intent: charged.id, amount_refunded: 1_000, refunded: false });
    const invoices = await bed.stripe.events.list({ type: 'invoice.*', limit: 100 });
    expect(invoices.data.map((event) => event.type).sort()).toEqual(['invoice.paid', 'invoice.payment_failed']);
    expect((await bed.stripe.events.retrieve(refunded.id)).id).toBe(refunded.id);
  });

  it('hold the object as it was: a later change does not alter an earlier event', async () => {
    await bed.stripe.subscriptions.update('sub_demo_jordan', { metadata: { note: 'first' } });
    const first = [...bed.sandbox.events.values()].at(-1)!;
    await bed.stripe.subscriptions.update('sub_demo_jordan', { metadata: { note: 'second' } });
    expect(first).toMatchObject({ type: 'customer.subscription.updated', data: { object: { id: 'sub_demo_jordan', metadata: { note: 'first' } } } });
    expect((await bed.stripe.events.retrieve(first.id)).data.object).toMatchObject({ metadata: { note: 'first' } });
  });

  it('mark a session that expires on its own, once, when it is next looked at', async () => {
    const session = await bed.stripe.checkout.sessions.create({
      mode: 'payment', success_url: 'https://example.com/paid',
      line_items: [{ price_data: { currency: 'usd', unit_amount: 900, product_data: { name: 'Visit' } }, quantity: 1 }],
      expires_at: Math.floor(Date.now() / 1000) + 31 * 60,
    });
    bed.sandbox.state.clock.advance(32 * 60);
    try {
      expect((await bed.stripe.checkout.sessions.retrieve(session.id)).status).toBe('expired');
      await bed.stripe.checkout.sessions.retrieve(session.id);
    } finally {
      bed.sandbox.state.clock.advance(-32 * 60);
    }
    const expired = [...bed.sandbox.events.values()].filter((event) => event.data.object.id === session.id);
    expect(expired.map((event) => event.type)).toEqual(['checkout.session.expired']);
    expect(expired[0]!.data.object).toMatchObject({ status: 'expired', url: null });
  });
});
