import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostedPaymentOperations, MutationContext, NonceChargeInput } from '../../core/processor-port.js';
import { countSales, startBraintreeTestBed, type BraintreeTestBed } from './testing/test-bed.js';

let bed: BraintreeTestBed;
let hosted: HostedPaymentOperations;
beforeAll(async () => {
  bed = await startBraintreeTestBed();
  if (!bed.adapter.hostedPayment) throw new Error('hostedPayment missing');
  hosted = bed.adapter.hostedPayment;
});
afterAll(() => bed.close());

const ctx = (): MutationContext => ({ processorIdempotencyKey: `test-${randomUUID()}` });
const input = (nonce: string, extra: Partial<NonceChargeInput> = {}): NonceChargeInput => ({
  nonce, amount: { amount: 24_700, currency: 'USD' }, customerId: '', vault: false, description: 'Plumbing repair', ...extra,
});

describe('hosted payment page operations', () => {
  it('issues a client token pointing at the gateway, bound to the customer', async () => {
    const token = JSON.parse(Buffer.from(await hosted.clientToken('demo_jordan'), 'base64').toString('utf8')) as { clientApiUrl: string; authorizationFingerprint: string };
    expect(token.clientApiUrl).toBe(`${bed.sandbox.url}/merchants/${bed.sandbox.merchantId}/client_api`);
    expect(bed.sandbox.state.clientTokens.get(token.authorizationFingerprint)?.customerId).toBe('demo_jordan');
    expect(await hosted.clientToken('')).toMatch(/^[A-Za-z0-9+/=]+$/);
    await expect(hosted.clientToken('nobody')).rejects.toMatchObject({ code: 'not_found', field: 'customer_id' });
  });

  it('charges a nonce once per key and vaults the card on the customer when asked', async () => {
    const before = countSales(bed.sandbox);
    const context = ctx();
    const payment = await hosted.chargeNonce(input('fake-valid-visa-nonce', { customerId: 'demo_alex_home', vault: true }), context);
    expect(payment).toMatchObject({ status: 'succeeded', customerId: 'demo_alex_home', amount: { amount: 24_700, currency: 'USD' } });
    expect(payment.paymentMethodId).not.toBe('');
    expect((await bed.adapter.listPaymentMethods('demo_alex_home')).map((m) => [m.id, m.brand, m.last4, m.isDefault])).toEqual([
      [payment.paymentMethodId, 'visa', '1111', true],
    ]);
    expect((await hosted.chargeNonce(input('fake-valid-visa-nonce', { customerId: 'demo_alex_home', vault: true }), context)).id).toBe(payment.id);
    expect(countSales(bed.sandbox)).toBe(before + 1);
    const guest = await hosted.chargeNonce(input('fake-valid-mastercard-nonce'), ctx());
    expect(guest).toMatchObject({ status: 'succeeded', customerId: '', paymentMethodId: '' });
  });

  it.each([
    ['fake-processor-declined-visa-nonce', 'generic', '2000'],
    ['fake-gateway-rejected-fraud-nonce', 'suspected_fraud', 'gateway_rejected:fraud'],
    ['fake-processor-failure-jcb-nonce', 'try_again_later', '3000'],
  ])('declines %s as %s', async (nonce, reason, processorCode) => {
    expect(await hosted.chargeNonce(input(nonce), ctx())).toMatchObject({ status: 'declined', decline: { reason, processorCode } });
  });

  it.each(['fake-consumed-nonce', 'fake-luhn-invalid-nonce', 'fake-unknown-nonce'])('refuses %s as an invalid nonce', async (nonce) => {
    await expect(hosted.chargeNonce(input(nonce), ctx())).rejects.toMatchObject({ code: 'invalid_argument', field: 'nonce' });
  });
});
