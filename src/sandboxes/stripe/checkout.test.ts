import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf, openTestBed, type SandboxTestBed } from './testing/test-bed.js';

let bed: SandboxTestBed;
beforeAll(async () => {
  bed = await openTestBed();
});
afterAll(() => bed.close());

const inMinutes = (minutes: number) => Math.floor(Date.now() / 1000) + minutes * 60;

function createSession(overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return bed.stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [{ price_data: { currency: 'usd', unit_amount: 8_900, product_data: { name: 'Service call fee' } }, quantity: 1 }],
    customer: 'cus_demo_sam',
    expires_at: inMinutes(60),
    success_url: 'https://example.com/paid',
    metadata: { tender_invoice_id: 'in_demo_sam_89' },
    payment_intent_data: { metadata: { tender_invoice_id: 'in_demo_sam_89' } },
    ...overrides,
  });
}

async function complete(sessionId: string, body = '') {
  return fetch(`${bed.sandbox.url}/_sandbox/checkout/sessions/${sessionId}/complete`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
}

describe('checkout sessions', () => {
  it('creates an open session whose url is the sandbox payment page', async () => {
    const session = await createSession();
    expect(session.id).toMatch(/^cs_test_/);
    expect(session).toMatchObject({
      object: 'checkout.session', status: 'open', payment_status: 'unpaid', payment_intent: null, amount_total: 8_900,
      currency: 'usd', customer: 'cus_demo_sam', metadata: { tender_invoice_id: 'in_demo_sam_89' }, mode: 'payment',
    });
    expect(session.url).toBe(`${bed.sandbox.url}/pay/${session.id}`);
    const page = await fetch(String(session.url));
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('$89.00');
    expect(html).toContain('Service call fee');
    const withItems = await bed.stripe.checkout.sessions.retrieve(session.id, { expand: ['line_items'] });
    expect(withItems.line_items?.data[0]).toMatchObject({ description: 'Service call fee', amount_total: 8_900, quantity: 1 });
  });

  it('refuses expires_at under 30 minutes or over 24 hours ahead, on param expires_at', async () => {
    const before = bed.sandbox.state.checkoutSessions.size;
    for (const minutes of [10, 24 * 60 + 5]) {
      const failure = await failureOf(createSession({ expires_at: inMinutes(minutes) }));
      expect(failure).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(failure).toMatchObject({ statusCode: 400, param: 'expires_at' });
    }
    expect(bed.sandbox.state.checkoutSessions.size).toBe(before);
    expect((await createSession({ expires_at: inMinutes(31) })).status).toBe('open');
  });

  it('completes through the sandbox endpoint: a succeeded PaymentIntent carrying payment_intent_data', async () => {
    const session = await createSession();
    const response = await complete(session.id);
    expect(response.status).toBe(200);
    const read = await bed.stripe.checkout.sessions.retrieve(session.id);
    expect(read).toMatchObject({ status: 'complete', payment_status: 'paid', url: null });
    const intent = await bed.stripe.paymentIntents.retrieve(String(read.payment_intent));
    expect(intent).toMatchObject({ status: 'succeeded', amount: 8_900, customer: 'cus_demo_sam', metadata: { tender_invoice_id: 'in_demo_sam_89' } });
    expect((await complete(session.id)).status).toBe(400);
  });

  it('keeps the session open when the payer card declines', async () => {
    const session = await createSession();
    const response = await complete(session.id, 'payment_method=pm_card_visa_chargeDeclined');
    expect(response.status).toBe(402);
    expect(await response.json()).toMatchObject({ error: { type: 'card_error', decline_code: 'generic_decline' } });
    expect((await bed.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
  });

  it('expires on request, and by itself once expires_at passes', async () => {
    const session = await createSession();
    const expired = await bed.stripe.checkout.sessions.expire(session.id);
    expect(expired).toMatchObject({ status: 'expired', url: null, payment_intent: null });
    expect(await failureOf(bed.stripe.checkout.sessions.expire(session.id))).toMatchObject({ statusCode: 400 });

    const later = await createSession({ expires_at: inMinutes(40) });
    bed.sandbox.state.clock.advance(41 * 60);
    try {
      expect((await bed.stripe.checkout.sessions.retrieve(later.id)).status).toBe('expired');
      expect((await complete(later.id)).status).toBe(400);
    } finally {
      bed.sandbox.state.clock.advance(-41 * 60);
    }
  });

  it('lets a person pay on the hosted page', async () => {
    const session = await createSession();
    const page = await fetch(`${bed.sandbox.url}/pay/${session.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'payment_method=pm_card_amex',
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('This payment link is paid.');
    const read = await bed.stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
    expect(read.payment_intent).toMatchObject({ status: 'succeeded', amount: 8_900 });
  });

  it('answers 404 for an unknown session', async () => {
    expect(await failureOf(bed.stripe.checkout.sessions.retrieve('cs_test_missing'))).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });
});
