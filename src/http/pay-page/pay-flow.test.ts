import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentLinkStatus } from '../../gen/tender/v1/payments_pb.js';
import { countSales } from '../../adapters/braintree/testing/test-bed.js';
import { request } from '../testing/tender-with-http.js';
import {
  BRAINTREE_ACCOUNT, KEYS, STRIPE_ACCOUNT, as, pagePath, postNonce, startBraintreeTender, type BraintreeTender,
} from './testing/braintree-tender.js';

/**
 * The payment page's server flow through the public API and the real Braintree adapter
 * and SDK against the Braintree sandbox, paid with Braintree's documented test nonces
 * (what Hosted Fields would hand the page for a real card).
 */
let t: BraintreeTender;
beforeAll(async () => {
  t = await startBraintreeTender();
});
afterAll(() => t?.close());

const getLink = async (id: string, apiKey: string = KEYS.acme) =>
  (await t.payments.getPaymentLink({ paymentLinkId: id }, as(apiKey))).response.paymentLink!;
const grpcCode = (promise: Promise<unknown>) => promise.then(() => 'ok', (error: { code: number; details: string }) => error);
const eventsOf = async (linkId: string) =>
  (await t.tender.store.events.read('acme', { limit: 1000 })).filter((event) => event.data.paymentLinkId === linkId.split(':')[1]);

describe('CreatePaymentLink on a Braintree account', () => {
  it('holds the link in Tender and points it at Tender\'s own page', async () => {
    const link = await t.createLink();
    expect(link.id).toMatch(new RegExp(`^${BRAINTREE_ACCOUNT}:[A-Za-z0-9_-]{22}$`));
    expect(t.tender.http!.publicUrl).toBe(`http://${t.httpAddress}`);
    expect(link.url).toBe(`http://${t.httpAddress}/pay/${link.id.split(':')[1]}`);
    expect(link).toMatchObject({ status: PaymentLinkStatus.OPEN, amount: { amount: 4_200n, currency: 'USD' }, paymentId: '' });
    expect(await getLink(link.id)).toEqual(link);
  });

  it('builds the URL on listen.publicUrl when one is configured', async () => {
    const behindProxy = await startBraintreeTender({ publicUrl: 'https://pay.example.com/tender/', braintree: t.braintree });
    try {
      const link = await behindProxy.createLink();
      expect(link.url).toBe(`https://pay.example.com/tender/pay/${link.id.split(':')[1]}`);
    } finally {
      await behindProxy.close();
    }
  });

  it('replays the same link for the same idempotency key', async () => {
    const first = await t.createLink({ idempotencyKey: 'link-once' });
    const again = await t.createLink({ idempotencyKey: 'link-once' });
    expect(again.id).toBe(first.id);
  });

  it('keeps a link to its tenant even when another tenant shares the account', async () => {
    const link = await t.createLink();
    expect(await grpcCode(getLink(link.id, KEYS.globex))).toMatchObject({ code: 5 });
  });

  it('refuses what a Tender-held link cannot do', async () => {
    expect(await grpcCode(t.createLink({ savePaymentMethod: true }))).toMatchObject({ code: 3, details: expect.stringContaining('customer_id') });
    expect(await grpcCode(t.createLink({ accountId: STRIPE_ACCOUNT, savePaymentMethod: true }))).toMatchObject({ code: 12 });
    expect(await grpcCode(t.createLink({ expiresIn: { seconds: 8n * 24n * 3600n, nanos: 0 } }))).toMatchObject({ code: 3 });
  });
});

describe('GET /pay/<id>', () => {
  it('serves the page with the amount, a strict policy and no caching', async () => {
    const link = await t.createLink();
    const page = await request(t.httpAddress, pagePath(link));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('$42.00');
    expect(page.body).toContain('Invoice 7: boiler service');
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ${t.braintree.url} `);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('serves the scripts it links, and 404s an unknown link or asset', async () => {
    const page = await request(t.httpAddress, pagePath(await t.createLink()));
    for (const [, path] of page.body.matchAll(/src="(assets\/[^"]+)"/g)) {
      const script = await request(t.httpAddress, `/pay/${path}`);
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    }
    expect((await request(t.httpAddress, '/pay/AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    expect((await request(t.httpAddress, '/pay/not-a-link')).status).toBe(404);
    expect((await request(t.httpAddress, '/pay/assets/nothing.js')).status).toBe(404);
  });
});

describe('POST /pay/<id>/nonce', () => {
  it('charges the nonce exactly once, even for 10 concurrent posts, then refuses more', async () => {
    const link = await t.createLink();
    const before = countSales(t.braintree);
    const answers = await Promise.all(Array.from({ length: 10 }, () => postNonce(t.httpAddress, link, { nonce: 'fake-valid-nonce' })));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(9);
    expect(countSales(t.braintree)).toBe(before + 1);

    const paid = await getLink(link.id);
    expect(paid).toMatchObject({ status: PaymentLinkStatus.COMPLETED, paymentId: expect.stringMatching(`^${BRAINTREE_ACCOUNT}:`) });
    const winner = answers.find((answer) => answer.status === 200)!;
    expect(winner.body).toMatchObject({ status: 'completed', confirmationCode: expect.any(String) });

    expect(await postNonce(t.httpAddress, link, { nonce: 'fake-valid-visa-nonce' })).toMatchObject({ status: 409, body: { status: 'already_paid' } });
    expect((await request(t.httpAddress, pagePath(link))).status).toBe(410);
    expect(countSales(t.braintree)).toBe(before + 1);
    const events = await eventsOf(link.id);
    expect(events.map((event) => event.type)).toEqual(['payment_link.created', 'payment.succeeded', 'payment_link.completed']);
    // The nonce is a payment credential until spent: never in an event or a log line.
    expect(JSON.stringify(events)).not.toContain('fake-valid');
    expect(t.logs()).not.toContain('fake-valid');
    // Counted with every other payment.
    expect((await request(t.httpAddress, '/metrics')).body).toMatch(/^tender_payments_total\{status="succeeded"\} [1-9]/m);
  });

  it('keeps the link open after a decline, for another card', async () => {
    const link = await t.createLink();
    const declined = await postNonce(t.httpAddress, link, { nonce: 'fake-processor-declined-visa-nonce' });
    expect(declined).toMatchObject({ status: 402, body: { status: 'declined', retry: true, attemptsLeft: 2 } });
    expect(declined.body.message).toMatch(/declined/);
    expect((await getLink(link.id)).status).toBe(PaymentLinkStatus.OPEN);
    expect(await postNonce(t.httpAddress, link, { nonce: 'fake-valid-visa-nonce' })).toMatchObject({ status: 200 });
    expect((await getLink(link.id)).status).toBe(PaymentLinkStatus.COMPLETED);
  });

  it('closes the link after three cards fail, saying fraud only as a plain decline', async () => {
    const link = await t.createLink();
    const fraud = await postNonce(t.httpAddress, link, { nonce: 'fake-gateway-rejected-fraud-nonce' });
    expect(fraud).toMatchObject({ status: 402, body: { attemptsLeft: 2 } });
    expect(JSON.stringify(fraud.body)).not.toMatch(/fraud/i);
    expect(await postNonce(t.httpAddress, link, { nonce: 'fake-consumed-nonce' })).toMatchObject({ status: 422, body: { status: 'refused', attemptsLeft: 1 } });
    const last = await postNonce(t.httpAddress, link, { nonce: 'fake-processor-declined-visa-nonce' });
    expect(last).toMatchObject({ status: 402, body: { retry: false, attemptsLeft: 0 } });
    expect(await postNonce(t.httpAddress, link, { nonce: 'fake-valid-nonce' })).toMatchObject({ status: 410, body: { status: 'closed' } });
    expect((await getLink(link.id)).status).toBe(PaymentLinkStatus.EXPIRED);
  });

  it('settles an unknown outcome under the same processor key, never charging twice', async () => {
    const link = await t.createLink();
    const before = countSales(t.braintree);
    t.braintree.faults.add({ path: `/merchants/${t.braintree.merchantId}/transactions`, method: 'POST', mode: 'drop_after_commit' });
    expect(await postNonce(t.httpAddress, link, { nonce: 'fake-valid-nonce' })).toMatchObject({ status: 202, body: { status: 'pending' } });
    expect(countSales(t.braintree)).toBe(before + 1);
    // The payer tries again with another card: the earlier charge is settled first, and it went through.
    expect(await postNonce(t.httpAddress, link, { nonce: 'fake-valid-visa-nonce' })).toMatchObject({ status: 200, body: { status: 'completed' } });
    expect(countSales(t.braintree)).toBe(before + 1);
    expect((await getLink(link.id)).status).toBe(PaymentLinkStatus.COMPLETED);
  });

  it('lets GetPaymentLink settle an unknown outcome for the agent waiting on the line', async () => {
    const link = await t.createLink();
    t.braintree.faults.add({ path: `/merchants/${t.braintree.merchantId}/transactions`, method: 'POST', mode: 'drop_after_commit' });
    expect((await postNonce(t.httpAddress, link, { nonce: 'fake-valid-nonce' })).status).toBe(202);
    const settled = await getLink(link.id);
    expect(settled.status).toBe(PaymentLinkStatus.COMPLETED);
    expect(settled.paymentId).not.toBe('');
  });

  it('saves the card on the customer when the link says so', async () => {
    const customerId = `${BRAINTREE_ACCOUNT}:demo_alex_home`;
    const link = await t.createLink({ customerId, savePaymentMethod: true });
    expect((await request(t.httpAddress, pagePath(link))).body).toContain('Your card will be saved');
    expect((await postNonce(t.httpAddress, link, { nonce: 'fake-valid-mastercard-nonce' })).status).toBe(200);
    const { response } = await t.customers.listPaymentMethods({ customerId }, as(KEYS.acme));
    expect(response.paymentMethods.map((method) => method.last4)).toContain('4444');
  });

  it('charges nothing and counts no failed card when the account cannot take the link (a currency it does not settle)', async () => {
    const link = await t.createLink({ amount: { amount: 4_200n, currency: 'EUR' } });
    const before = countSales(t.braintree);
    for (let post = 0; post < 4; post++) {
      expect(await postNonce(t.httpAddress, link, { nonce: 'fake-valid-nonce' })).toMatchObject({ status: 503, body: { status: 'unavailable' } });
    }
    expect((await getLink(link.id)).status).toBe(PaymentLinkStatus.OPEN);
    expect(countSales(t.braintree)).toBe(before);
  });

  it('refuses a link for a customer Braintree does not have', async () => {
    expect(await grpcCode(t.createLink({ customerId: `${BRAINTREE_ACCOUNT}:nobody` }))).toMatchObject({ code: 5 });
  });

  it('refuses an expired link', async () => {
    const link = await t.createLink({ expiresIn: { seconds: 1n, nanos: 0 } });
    await delay(1_100);
    const before = countSales(t.braintree);
    expect((await request(t.httpAddress, pagePath(link))).status).toBe(410);
    expect(await postNonce(t.httpAddress, link, { nonce: 'fake-valid-nonce' })).toMatchObject({ status: 410, body: { status: 'expired' } });
    expect((await getLink(link.id)).status).toBe(PaymentLinkStatus.EXPIRED);
    expect(countSales(t.braintree)).toBe(before);
  });

  it('refuses a body carrying a card number, and never logs it', async () => {
    const link = await t.createLink();
    const refused = await postNonce(t.httpAddress, link, { nonce: 'fake-valid-nonce', number: '4111 1111 1111 1111' });
    expect(refused).toMatchObject({ status: 400, body: { status: 'card_data_refused' } });
    expect(t.logs()).not.toMatch(/4111 ?1111 ?1111 ?1111/);
    expect((await getLink(link.id)).status).toBe(PaymentLinkStatus.OPEN);
    expect(await postNonce(t.httpAddress, link, '{"nonce":')).toMatchObject({ status: 400, body: { status: 'invalid_request' } });
    expect((await fetch(`http://${t.httpAddress}${pagePath(link)}/nonce`, { method: 'POST', body: 'nonce=x' })).status).toBe(415);
    expect((await fetch(`http://${t.httpAddress}${pagePath(link)}`, { method: 'DELETE' })).status).toBe(405);
  });
});
