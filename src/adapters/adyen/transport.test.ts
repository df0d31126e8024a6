import { describe, expect, it } from 'vitest';
import { adyenIdempotencyKey, merchantReferenceOf, shopperReferenceFor } from './keys.js';
import { ADYEN_TEST_ORIGIN, baseOriginOf, rewriteEndpoint } from './transport.js';

describe('base URL routing', () => {
  it("rewrites the SDK's test origin to the configured base, keeping the path", () => {
    expect(rewriteEndpoint(`${ADYEN_TEST_ORIGIN}/v72/payments`, 'https://127.0.0.1:4443')).toBe('https://127.0.0.1:4443/v72/payments');
    const live = baseOriginOf('https://1797a841fbb37ca7-AdyenDemo-checkout-live.adyenpayments.com/checkout/');
    expect(rewriteEndpoint(`${ADYEN_TEST_ORIGIN}/v72/paymentLinks/PL1`, live))
      .toBe('https://1797a841fbb37ca7-adyendemo-checkout-live.adyenpayments.com/checkout/v72/paymentLinks/PL1');
    expect(rewriteEndpoint('https://pal-test.adyen.com/pal/servlet/x', 'https://127.0.0.1:1')).toBe('https://pal-test.adyen.com/pal/servlet/x');
  });

  it('refuses a base URL the HTTPS-only SDK cannot use', () => {
    expect(() => baseOriginOf('http://127.0.0.1:12113')).toThrow(/https/);
    expect(() => baseOriginOf('https://127.0.0.1:12113/?x=1')).toThrow(/query/);
  });
});

describe('keys and references', () => {
  it('passes keys of up to 64 characters and hashes longer ones to a stable 64', () => {
    expect(adyenIdempotencyKey('k'.repeat(64))).toBe('k'.repeat(64));
    const long = adyenIdempotencyKey('k'.repeat(65));
    expect(long).toMatch(/^[0-9a-f]{64}$/);
    expect(adyenIdempotencyKey('k'.repeat(65))).toBe(long);
    expect(merchantReferenceOf('tender-key')).toBe('tender-key');
  });

  it('derives one shopper reference per processor key, carrying no personal data', () => {
    expect(shopperReferenceFor('a')).toBe(shopperReferenceFor('a'));
    expect(shopperReferenceFor('a')).not.toBe(shopperReferenceFor('b'));
    expect(shopperReferenceFor('a')).toMatch(/^shopper_[0-9a-f]{32}$/);
  });
});
