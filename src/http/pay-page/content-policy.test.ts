import { describe, expect, it } from 'vitest';
import { clientApiOrigins, pagePolicy } from './content-policy.js';

const token = (content: unknown): string => Buffer.from(JSON.stringify(content)).toString('base64');

describe('payment page content policy', () => {
  it('allows scripts and styles from Tender only, and frames from Braintree assets only', () => {
    const policy = pagePolicy();
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("style-src 'self';");
    expect(policy).toContain('frame-src https://assets.braintreegateway.com;');
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('unsafe');
  });

  it('lets the page reach the client API the token names, and nothing else new', () => {
    const clientToken = token({
      configUrl: 'http://127.0.0.1:4567/merchants/m/client_api/v1/configuration',
      graphQL: { url: 'https://payments.sandbox.braintree-api.com/graphql' },
    });
    expect(clientApiOrigins(clientToken)).toEqual(['http://127.0.0.1:4567', 'https://payments.sandbox.braintree-api.com']);
    expect(pagePolicy(clientToken)).toMatch(/connect-src 'self' http:\/\/127\.0\.0\.1:4567 https:\/\/payments\.sandbox\.braintree-api\.com /);
  });

  it('adds nothing for a token it cannot read or a URL that is not http(s)', () => {
    expect(clientApiOrigins('not base64 json')).toEqual([]);
    expect(clientApiOrigins(token({ configUrl: "javascript:alert(1)'; script-src *" }))).toEqual([]);
    expect(clientApiOrigins(token({ configUrl: 'https://x.example/a b; script-src *' }))).toEqual(['https://x.example']);
  });
});
