import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKOUT_EXPIRY_BOUNDS, EXPIRY_SAFETY_MARGIN_SECONDS, checkoutExpiresAt } from './payment-links.js';
import { startStripeTestBed, type StripeTestBed } from './testing/test-bed.js';

const NOW_MS = 1_760_000_000_000;
const NOW = NOW_MS / 1000;
const MIN = CHECKOUT_EXPIRY_BOUNDS.minSeconds;
const at = (secondsFromNow: number) => new Date(NOW_MS + secondsFromNow * 1000);

describe('checkoutExpiresAt', () => {
  it('sends an expiry at or just around the minimum as minimum plus the safety margin', () => {
    expect(EXPIRY_SAFETY_MARGIN_SECONDS).toBe(60);
    for (const offset of [MIN, MIN - 1, MIN - 59, MIN + 30, MIN + 59]) {
      expect(checkoutExpiresAt(at(offset), NOW_MS)).toBe(NOW + MIN + 60);
    }
  });

  it('sends any later expiry unchanged, to the second', () => {
    expect(checkoutExpiresAt(at(MIN + 60), NOW_MS)).toBe(NOW + MIN + 60);
    expect(checkoutExpiresAt(at(MIN + 61), NOW_MS)).toBe(NOW + MIN + 61);
    expect(checkoutExpiresAt(at(2 * 3600), NOW_MS)).toBe(NOW + 2 * 3600);
    expect(checkoutExpiresAt(at(CHECKOUT_EXPIRY_BOUNDS.maxSeconds), NOW_MS)).toBe(NOW + CHECKOUT_EXPIRY_BOUNDS.maxSeconds);
  });

  it('sends an expiry well below the minimum unchanged, for Stripe to refuse', () => {
    expect(checkoutExpiresAt(at(60), NOW_MS)).toBe(NOW + 60);
    expect(checkoutExpiresAt(at(MIN - 61), NOW_MS)).toBe(NOW + MIN - 61);
  });

  it('rounds "now" up, so a fraction of a second cannot bring the expiry under the minimum', () => {
    expect(checkoutExpiresAt(new Date(NOW_MS + 400 + MIN * 1000), NOW_MS + 400)).toBe(NOW + 1 + MIN + 60);
  });
});

describe('creating a link at the minimum expiry', () => {
  let bed: StripeTestBed;
  beforeAll(async () => {
    bed = await startStripeTestBed();
  });
  afterAll(async () => {
    await bed?.close();
  });

  it('is accepted when Stripe receives the request more than a second later', async () => {
    bed.sandbox.faults.add({ path: '/v1/checkout/sessions', method: 'POST', mode: 'delay', ms: 1_100, times: 1 });
    const sentAt = Date.now();
    const link = await bed.adapter.createPaymentLink(
      { amount: { amount: 1_000, currency: 'USD' }, customerId: '', invoiceId: '', description: '', expiresAt: new Date(sentAt + MIN * 1000) },
      { processorIdempotencyKey: `expiry-${randomUUID()}` },
    );
    expect(link.status).toBe('open');
    const expiresAt = link.expiresAt!.getTime() / 1000;
    expect(expiresAt).toBeGreaterThanOrEqual(Math.floor(sentAt / 1000) + MIN + 60);
    expect(expiresAt).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + MIN + 60);
  });
});
