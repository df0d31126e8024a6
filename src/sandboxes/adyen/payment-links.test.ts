import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADYEN_DEMO_SHOPPERS } from './seed.js';
import { failureOf, openTestBed, type SandboxTestBed } from './testing/test-bed.js';

let bed: SandboxTestBed;
beforeAll(async () => {
  bed = await openTestBed();
});
afterAll(async () => {
  await bed?.close();
});

const HOUR = 3_600_000;
const wholeSeconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000);

function linkRequest(extra: Record<string, unknown> = {}) {
  return {
    amount: { currency: 'USD', value: 24_700 },
    merchantAccount: bed.sandbox.merchantAccount,
    reference: `link-${Math.random().toString(36).slice(2)}`,
    ...extra,
  };
}

describe('payment links', () => {
  it('creates an active link that honours expiresAt and reads back the same', async () => {
    const expiresAt = wholeSeconds(Date.now() + 2 * HOUR);
    const link = await bed.checkout.paymentLinks.paymentLinks(
      linkRequest({ expiresAt, description: 'Plumbing repair', shopperReference: ADYEN_DEMO_SHOPPERS.jordan }),
    );
    expect(link).toMatchObject({ status: 'active', description: 'Plumbing repair', shopperReference: ADYEN_DEMO_SHOPPERS.jordan });
    expect(link.id).toMatch(/^PL[0-9A-F]{16}$/);
    expect(link.url).toBe(`${bed.sandbox.url}/payByLink/${link.id}`);
    expect(new Date(link.expiresAt ?? 0).getTime()).toBe(expiresAt.getTime());
    expect(await bed.checkout.paymentLinks.getPaymentLink(link.id)).toEqual(link);
  });

  it('expires after 24 hours by default, and reads as expired once that passes', async () => {
    const before = Date.now();
    const link = await bed.checkout.paymentLinks.paymentLinks(linkRequest());
    const expiry = new Date(link.expiresAt ?? 0).getTime();
    expect(expiry - before).toBeGreaterThan(24 * HOUR - 5_000);
    expect(expiry - before).toBeLessThanOrEqual(24 * HOUR + 1_000);
    bed.sandbox.state.clock.advance(24 * 3600 + 1);
    try {
      expect((await bed.checkout.paymentLinks.getPaymentLink(link.id)).status).toBe('expired');
      expect(() => bed.sandbox.payPaymentLink(link.id)).toThrow(/expired/);
    } finally {
      bed.sandbox.state.clock.advance(-(24 * 3600 + 1));
    }
  });

  it('refuses an expiry beyond 70 days or in the past', async () => {
    const far = failureOf(bed.checkout.paymentLinks.paymentLinks(linkRequest({ expiresAt: new Date(Date.now() + 71 * 24 * HOUR) })));
    const past = failureOf(bed.checkout.paymentLinks.paymentLinks(linkRequest({ expiresAt: new Date(Date.now() - HOUR) })));
    expect(await far).toMatchObject({ statusCode: 422 });
    expect(await past).toMatchObject({ statusCode: 422 });
  });

  it('a paid link is completed and sends AUTHORISATION with its paymentLinkId', async () => {
    const link = await bed.checkout.paymentLinks.paymentLinks(linkRequest({ shopperReference: ADYEN_DEMO_SHOPPERS.alexHome }));
    bed.sandbox.notifications.collect();
    const payment = bed.sandbox.payPaymentLink(link.id);
    expect((await bed.checkout.paymentLinks.getPaymentLink(link.id)).status).toBe('completed');
    expect(bed.sandbox.notifications.pending()).toEqual([
      expect.objectContaining({
        eventCode: 'AUTHORISATION', success: 'true', pspReference: payment.pspReference, merchantReference: link.reference,
        additionalData: expect.objectContaining({ paymentLinkId: link.id, shopperReference: ADYEN_DEMO_SHOPPERS.alexHome }),
      }),
    ]);
  });

  it('a refused attempt leaves the link active; the HTTP control pays it after', async () => {
    const link = await bed.checkout.paymentLinks.paymentLinks(linkRequest());
    expect(bed.sandbox.payPaymentLink(link.id, 'DECLINED').resultCode).toBe('Refused');
    expect((await bed.checkout.paymentLinks.getPaymentLink(link.id)).status).toBe('active');
    const paid = await bed.raw('POST', `/_sandbox/paymentLinks/${link.id}/pay`, '{}');
    expect(JSON.parse(paid.body)).toMatchObject({ resultCode: 'Authorised' });
    expect((await bed.checkout.paymentLinks.getPaymentLink(link.id)).status).toBe('completed');
  });

  it('storing the card when the link asks for it makes it a saved method of the shopper', async () => {
    const link = await bed.checkout.paymentLinks.paymentLinks(
      linkRequest({ shopperReference: 'link-saver', storePaymentMethodMode: 'enabled', recurringProcessingModel: 'UnscheduledCardOnFile' }),
    );
    bed.sandbox.payPaymentLink(link.id);
    const stored = await bed.checkout.recurring.getTokensForStoredPaymentDetails('link-saver', bed.sandbox.merchantAccount);
    expect(stored.storedPaymentMethods).toHaveLength(1);
  });

  it('an unknown link is a 404 ServiceError; its page says so', async () => {
    expect(await failureOf(bed.checkout.paymentLinks.getPaymentLink('PL0000000000000000'))).toMatchObject({ statusCode: 404 });
    expect((await bed.raw('GET', '/payByLink/PL0000000000000000')).status).toBe(404);
  });

  it('the link page lets a payer pick a test result, with no card fields', async () => {
    const link = await bed.checkout.paymentLinks.paymentLinks(linkRequest({ description: '<b>Repair</b>' }));
    const page = await bed.raw('GET', `/payByLink/${link.id}`);
    expect(page.body).toContain('NOT_ENOUGH_BALANCE');
    expect(page.body).toContain('&#60;b&#62;Repair');
    const paid = await bed.raw('POST', `/payByLink/${link.id}`, 'holderName=APPROVED', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(paid.body).toContain('Payment Authorised');
  });
});
