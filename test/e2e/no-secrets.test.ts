import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sampleCall } from '../../src/demo/sample-call.js';
import { KEYS, as, grpcError, startTenderUnderTest, type TenderUnderTest } from './harness.js';

/**
 * PCI DSS boundary (payments-domain.md): no card number, CVC, last four, API key or
 * processor secret in a log line, an event or the store, whatever path a call takes.
 */
let t: TenderUnderTest;
const tenantKeys = () => Object.values(KEYS);
beforeAll(async () => {
  t = await startTenderUnderTest({ store: 'redis' });
});
afterAll(() => t.close());

/** The seeded cards' numbers (sandbox test cards) and the number sent in a request. */
const CARD_NUMBERS = ['4242424242424242', '4000000000009995', '5555555555554444', '378282246310005', '4000002760003184'];
const LAST_FOURS = CARD_NUMBERS.map((pan) => pan.slice(-4));
function leaks(text: string): string[] {
  const found: string[] = [];
  const digitsOnly = text.replace(/[ -]/g, '');
  for (const pan of CARD_NUMBERS) if (digitsOnly.includes(pan)) found.push(`card number ending ${pan.slice(-4)}`);
  for (const last4 of LAST_FOURS) if (new RegExp(`(?<![\\dA-Za-z])${last4}(?![\\dA-Za-z])`).test(text)) found.push(`last four ${last4}`);
  for (const secret of [t.stripe.secretKey, ...tenantKeys()]) if (text.includes(secret)) found.push('a secret');
  if (/"last4"|"brand"|"cvc"|"exp_month"/.test(text)) found.push('card fields');
  return found;
}

describe('no card data or secrets leave the boundary', () => {
  beforeAll(async () => {
    const options = { address: t.address, apiKey: KEYS.acme, say: () => {} };
    await sampleCall('(415) 555-0123', options);
    await sampleCall('(415) 555-0188', options);
    await grpcError(t.payments.charge({
      idempotencyKey: randomUUID(), customerId: 'acme-stripe:cus_demo_jordan',
      amount: { amount: 100n, currency: 'USD' }, description: 'card 4242 4242 4242 4242 cvc 123',
    }, as(KEYS.acme)));
    await grpcError(t.accounts.listAccounts({}, as('sk_live_pretend_this_is_a_key')));
    await t.payments.charge({
      idempotencyKey: randomUUID(), customerId: 'acme-stripe:cus_demo_casey', amount: { amount: 500n, currency: 'USD' },
    }, as(KEYS.acme));
  });

  it('keeps logs clean', () => {
    const logs = t.logs();
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).toContain('tender.v1.PaymentService/Charge');
    expect(leaks(logs)).toEqual([]);
    expect(logs).not.toContain('sk_live_pretend_this_is_a_key');
  });

  it('keeps audit events clean', async () => {
    const events = await t.tender.store.events.read('acme', { limit: 1000 });
    expect(events.some((event) => event.type === 'payment.succeeded')).toBe(true);
    expect(events.some((event) => event.type === 'payment.declined')).toBe(true);
    expect(leaks(JSON.stringify(events))).toEqual([]);
  });

  it('keeps the Redis store clean', async () => {
    const redis = new Redis(inject('redisUrl'));
    try {
      const keys = await redis.keys(`${t.keyPrefix}:*`);
      expect(keys.length).toBeGreaterThan(0);
      const dump: string[] = [];
      for (const key of keys) {
        const type = await redis.type(key);
        if (type === 'hash') dump.push(JSON.stringify(await redis.hgetall(key)));
        else if (type === 'stream') dump.push(JSON.stringify(await redis.xrange(key, '-', '+')));
        else if (type === 'string') dump.push((await redis.get(key)) ?? '');
      }
      const decoded = dump.join('\n').replace(/[A-Za-z0-9+/=]{40,}/g, (b64) => Buffer.from(b64, 'base64').toString('latin1'));
      expect(leaks(decoded)).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });
});
