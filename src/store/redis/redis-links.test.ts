import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteKeysWithPrefix, testRedisUrl, uniqueKeyPrefix } from '../../../test/setup/redis-env.js';
import { redisLayoutFixture } from '../../../test/setup/redis-layout.js';
import { LINK_RETENTION_MS } from '../link-rules.js';
import { paymentLinkKey } from './redis-keys.js';
import { createRedisStore } from './redis-store.js';

describe('redis payment link layout', () => {
  const { keyPrefix, store, admin } = redisLayoutFixture('links');

  it('keeps one hash per link under its own hash tag, expiring after the retention', async () => {
    const id = randomBytes(16).toString('base64url');
    const expiresAt = Date.now() + 3_600_000;
    await store.links.create({
      id, tenant: 'acme', accountId: 'a', amount: { amount: 100, currency: 'USD' }, customerId: '',
      description: '', savePaymentMethod: false, createdAt: Date.now(), expiresAt,
    });
    const key = paymentLinkKey(keyPrefix, id);
    expect(key).toBe(`${keyPrefix}:link:{${id}}`);
    expect(await admin.hget(key, 'state')).toBe('open');
    const expiry = await admin.pexpiretime(key);
    expect(expiry).toBe(expiresAt + LINK_RETENTION_MS);
  });

  it('holds the nonce only while its charge is unsettled', async () => {
    const id = randomBytes(16).toString('base64url');
    await store.links.create({
      id, tenant: 'acme', accountId: 'a', amount: { amount: 100, currency: 'USD' }, customerId: '',
      description: '', savePaymentMethod: false, createdAt: Date.now(), expiresAt: Date.now() + 60_000,
    });
    const key = paymentLinkKey(keyPrefix, id);
    const claim = await store.links.claim(id, { nonce: 'fake-valid-nonce', leaseMs: 10_000, maxFailures: 3 });
    if (claim.state !== 'claimed') throw new Error(claim.state);
    await store.links.finish(id, claim.token, { kind: 'unknown' });
    expect(await admin.hget(key, 'nonce')).toBe('fake-valid-nonce');
    await store.links.finish(id, claim.token, { kind: 'completed', paymentId: 'txn_1' });
    expect(await admin.hexists(key, 'nonce')).toBe(0);
    expect(await admin.hget(key, 'token')).toBe('');
  });
});
