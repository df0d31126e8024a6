import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codesOf, openTestBed, type SandboxTestBed } from './testing/test-bed.js';

let bed: SandboxTestBed;
beforeAll(async () => {
  bed = await openTestBed();
});
afterAll(() => bed.close());

describe('client token', () => {
  it('is base64 JSON whose URLs all point at the sandbox, remembered with its customer', async () => {
    const result = await bed.gateway.clientToken.generate({ customerId: 'demo_jordan' });
    expect(result.success).toBe(true);
    const token = JSON.parse(Buffer.from(result.clientToken, 'base64').toString('utf8')) as Record<string, unknown>;
    const merchant = `${bed.sandbox.url}/merchants/${bed.sandbox.merchantId}`;
    expect(token).toMatchObject({
      version: 2,
      configUrl: `${merchant}/client_api/v1/configuration`,
      clientApiUrl: `${merchant}/client_api`,
      assetsUrl: bed.sandbox.url,
      merchantId: bed.sandbox.merchantId,
    });
    expect(bed.sandbox.state.clientTokens.get(String(token.authorizationFingerprint))?.customerId).toBe('demo_jordan');
  });

  it('works without a customer, and refuses an unknown one (92804)', async () => {
    expect((await bed.gateway.clientToken.generate({})).success).toBe(true);
    const refused = await bed.gateway.clientToken.generate({ customerId: 'nobody' });
    expect(refused.success).toBe(false);
    expect(codesOf(refused)).toEqual(['92804']);
  });
});
