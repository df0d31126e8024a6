import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteKeysWithPrefix, testRedisUrl, uniqueKeyPrefix } from '../../../test/setup/redis-env.js';
import { redisLayoutFixture } from '../../../test/setup/redis-layout.js';
import type { DeclineLimitRules } from '../decline-limits.js';
import { declineLimitKeys } from './redis-keys.js';
import { createRedisStore } from './redis-store.js';

const HOUR_MS = 3_600_000;
const RULES: DeclineLimitRules = {
  customerDeclines: { limit: 3, windowMs: HOUR_MS },
  methodAttempts: { limit: 15, windowMs: 30 * 24 * HOUR_MS },
  methodDeclines: { limit: 10, windowMs: 24 * HOUR_MS },
  hardDeclineBlockMs: 30 * 24 * HOUR_MS,
};

/** The redis tag a key hashes by (the text between its first braces). */
const tagOf = (key: string): string => /\{([^}]*)\}/.exec(key)?.[1] ?? key;

/** What the shared contract cannot see from outside: the keys, their slot, their expiry and the scripts' survival. */
describe('redis decline limits layout', () => {
  const { keyPrefix, store, admin } = redisLayoutFixture('limits');

  it('keeps a customer and its methods under one hash tag, each key expiring with what it counts', async () => {
    const subject = { tenant: 'acme{1}', customerId: 'acct:cus_1', paymentMethodId: 'acct:pm:1' };
    const keys = declineLimitKeys(keyPrefix, subject.tenant, subject.customerId);
    const method = keys.method(subject.paymentMethodId);
    expect(keys.customerDeclines).toBe(`${keyPrefix}:limits:{acme%7B1%7D:acct%3Acus_1}:cust:declines`);
    expect(method.blocked).toBe(`${keyPrefix}:limits:{acme%7B1%7D:acct%3Acus_1}:pm:acct%3Apm%3A1:blocked`);
    const all = [keys.customerDeclines, keys.customerHeld, keys.lastDefault, keys.methodDeclined, method.attempts, method.declines, method.held, method.blocked];
    expect(new Set(all.map(tagOf)).size).toBe(1);

    const reserved = await store.limits.reserve(subject, RULES, 120_000);
    if (reserved.state !== 'reserved') throw new Error('refused');
    expect(await admin.zscore(keys.customerHeld, reserved.reservation.token)).not.toBeNull();
    expect(await admin.pttl(method.held)).toBeGreaterThan(110_000);
    await store.limits.settle(reserved.reservation, { outcome: 'hard_decline', paymentMethodId: subject.paymentMethodId, chargedDefault: true }, RULES);
    expect(await admin.zcard(keys.customerHeld)).toBe(0);
    expect(await admin.pttl(keys.customerDeclines)).toBeGreaterThan(HOUR_MS - 60_000);
    expect(await admin.pttl(method.declines)).toBeGreaterThan(24 * HOUR_MS - 60_000);
    expect(await admin.pttl(method.blocked)).toBeGreaterThan(30 * 24 * HOUR_MS - 60_000);
    expect(await admin.get(keys.lastDefault)).toBe(subject.paymentMethodId);
    expect(await admin.pttl(keys.methodDeclined)).toBeGreaterThan(30 * 24 * HOUR_MS - 60_000);
    // Only ids and times: nothing about the card or the amount.
    expect(await admin.zrange(method.attempts, '0', '-1')).toEqual([reserved.reservation.token]);
  });

  it('keeps working after SCRIPT FLUSH (NOSCRIPT falls back to EVAL)', async () => {
    const subject = { tenant: 'acme', customerId: 'acct:cus_2', paymentMethodId: '' };
    await admin.script('FLUSH');
    const reserved = await store.limits.reserve(subject, RULES, 60_000);
    if (reserved.state !== 'reserved') throw new Error('refused');
    await admin.script('FLUSH');
    await store.limits.settle(reserved.reservation, { outcome: 'decline', paymentMethodId: '', chargedDefault: true }, RULES);
    await admin.script('FLUSH');
    expect((await store.limits.read(subject, RULES))[0]).toMatchObject({ scope: 'customer_declines', count: 1 });
  });

  it('rejects fast with unavailable when Redis is unreachable', async () => {
    const down = createRedisStore({ url: 'redis://127.0.0.1:1', keyPrefix });
    try {
      await down.ping().catch(() => undefined);
      const subject = { tenant: 'acme', customerId: 'acct:cus_3', paymentMethodId: 'acct:pm_1' };
      const calls = [
        () => down.limits.reserve(subject, RULES, 60_000),
        () => down.limits.read(subject, RULES),
        () => down.limits.reset(subject),
        () => down.limits.defaultMethodHint('acme', 'acct:cus_3'),
        () => down.limits.settle({ subject, token: 't' }, { outcome: 'none', paymentMethodId: '', chargedDefault: false }, RULES),
      ];
      for (const call of calls) {
        const started = Date.now();
        await expect(call()).rejects.toMatchObject({ code: 'unavailable' });
        expect(Date.now() - started).toBeLessThan(300);
      }
    } finally {
      await down.close();
    }
  });
});
