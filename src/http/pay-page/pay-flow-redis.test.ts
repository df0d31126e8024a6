import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRedisUrl } from '../../../test/setup/redis-env.js';
import { countSales } from '../../adapters/braintree/testing/test-bed.js';
import { PaymentLinkStatus } from '../../gen/tender/v1/payments_pb.js';
import { startBraintreeSandbox, type BraintreeSandbox } from '../../sandboxes/braintree/index.js';
import { request } from '../testing/tender-with-http.js';
import { KEYS, as, postNonce, startBraintreeTender, type BraintreeTender } from './testing/braintree-tender.js';

/**
 * Two Tender instances on one Redis serve one link as one service: the claim in Redis is
 * the fence between them, so the link is charged once whichever instance each post hits.
 */
describe('two Tender instances sharing one Redis', () => {
  let braintree: BraintreeSandbox;
  let a: BraintreeTender;
  let b: BraintreeTender;
  beforeAll(async () => {
    braintree = await startBraintreeSandbox();
    const store = { kind: 'redis' as const, url: testRedisUrl() };
    [a, b] = await Promise.all([startBraintreeTender({ store, braintree }), startBraintreeTender({ store, braintree })]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await braintree?.close();
  });

  it('serves a link made on one instance from the other, and charges it once for 10 posts across both', async () => {
    const link = await a.createLink();
    const onB = link.url.replace(a.httpAddress, b.httpAddress);
    expect((await request(b.httpAddress, new URL(onB).pathname)).status).toBe(200);

    const before = countSales(braintree);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, n) =>
      postNonce((n % 2 === 0 ? a : b).httpAddress, link, { nonce: 'fake-valid-nonce' })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, ...Array<number>(9).fill(409)]);
    expect(countSales(braintree)).toBe(before + 1);
    const read = await b.payments.getPaymentLink({ paymentLinkId: link.id }, as(KEYS.acme));
    expect(read.response.paymentLink?.status).toBe(PaymentLinkStatus.COMPLETED);
  });
});

describe('with Redis unreachable', () => {
  let t: BraintreeTender;
  beforeAll(async () => {
    t = await startBraintreeTender({ store: { kind: 'redis', url: 'redis://127.0.0.1:1' } });
  });
  afterAll(() => t?.close());

  it('answers 503 and charges nothing', async () => {
    const id = randomBytes(16).toString('base64url');
    const before = countSales(t.braintree);
    const page = await request(t.httpAddress, `/pay/${id}`);
    expect(page.status).toBe(503);
    expect(page.body).not.toContain('127.0.0.1:1');
    const link = { url: `http://${t.httpAddress}/pay/${id}` } as Parameters<typeof postNonce>[1];
    expect(await postNonce(t.httpAddress, link, { nonce: 'fake-valid-nonce' })).toMatchObject({ status: 503, body: { status: 'unavailable' } });
    expect(countSales(t.braintree)).toBe(before);
  });
});
