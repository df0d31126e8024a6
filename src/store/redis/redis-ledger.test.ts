import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteKeysWithPrefix, testRedisUrl, uniqueKeyPrefix } from '../../../test/setup/redis-env.js';
import { redisLayoutFixture } from '../../../test/setup/redis-layout.js';
import { LEDGER_RETENTION_MS } from '../ledger-rules.js';
import type { NewLedgerPayment } from '../payment-ledger.js';
import { openRedisConnection } from './redis-connection.js';
import { ledgerLinkKey, ledgerPaymentKey } from './redis-keys.js';
import { createRedisLedger } from './redis-ledger.js';
import { createRedisStore } from './redis-store.js';

const DAY_MS = 24 * 3_600_000;

/** What the shared contract cannot see from outside: the keys, their expiry and the scripts' survival. */
describe('redis payment ledger layout', () => {
  const { keyPrefix, store, admin } = redisLayoutFixture('ledger');

  it('keeps one hash per payment under its own hash tag, expiring a retention after the last change', async () => {
    const key = ledgerPaymentKey(keyPrefix, 'acct{1}', 'PSP:0000000000001');
    expect(key).toBe(`${keyPrefix}:ledger:pay:{acct%7B1%7D:PSP%3A0000000000001}`);
    await store.payments.put('acct{1}', payment('PSP:0000000000001'));
    await admin.pexpire(key, DAY_MS);
    await store.payments.applyRefund('acct{1}', 'PSP:0000000000001', { id: 'REF1', amount: 250, status: 'pending', reference: 'ref-1' });
    expect(await admin.pttl(key)).toBeGreaterThan(LEDGER_RETENTION_MS - 60_000);
    const { facts, ...rest } = await admin.hgetall(key);
    expect(JSON.parse(facts ?? '')).toEqual({
      id: 'PSP:0000000000001', amount: { amount: 5000, currency: 'USD' }, customerId: 'shopper_1', paymentMethodId: 'stored_1',
      createdAt: 1_700_000_000_000, description: 'Repair', merchantReference: 'tender-key-1',
    });
    expect(rest).toEqual({
      status: 'succeeded', decline: '', captured: '1', refunded: '250',
      'refundAmount:REF1': '250', 'refundStatus:REF1': 'pending', 'refundReference:REF1': 'ref-1',
    });
  });

  it('sets a link payment once, with the retention', async () => {
    await store.payments.recordLinkPayment('acct-2', 'PL:1', 'PSP0000000000002');
    await store.payments.recordLinkPayment('acct-2', 'PL:1', 'PSP0000000000003');
    const key = ledgerLinkKey(keyPrefix, 'acct-2', 'PL:1');
    expect(key).toBe(`${keyPrefix}:ledger:link:{acct-2:PL%3A1}`);
    expect(await admin.get(key)).toBe('PSP0000000000002');
    expect(await admin.pttl(key)).toBeGreaterThan(LEDGER_RETENTION_MS - 60_000);
  });

  it('keeps its retention configurable', async () => {
    const connection = openRedisConnection(testRedisUrl());
    try {
      const ledger = createRedisLedger(connection, keyPrefix, DAY_MS);
      await ledger.put('acct-3', payment('PSP0000000000004'));
      const ttl = await admin.pttl(ledgerPaymentKey(keyPrefix, 'acct-3', 'PSP0000000000004'));
      expect(ttl).toBeGreaterThan(DAY_MS - 60_000);
      expect(ttl).toBeLessThanOrEqual(DAY_MS);
    } finally {
      await connection.close();
    }
  });

  it('keeps working after SCRIPT FLUSH (NOSCRIPT falls back to EVAL)', async () => {
    await store.payments.put('acct-4', payment('PSP0000000000005', { status: 'processing' }));
    await admin.script('FLUSH');
    expect(await store.payments.advance('acct-4', 'PSP0000000000005', { status: 'succeeded' })).toBe(true);
    await admin.script('FLUSH');
    expect(await store.payments.applyRefund('acct-4', 'PSP0000000000005', { id: 'R', amount: 1, status: 'pending', reference: '' })).toBe(true);
    expect(await store.payments.get('acct-4', 'PSP0000000000005')).toMatchObject({ status: 'succeeded', amountRefunded: 1 });
  });

  it('refuses a stored payment that breaks the rules (internal)', async () => {
    const key = ledgerPaymentKey(keyPrefix, 'acct-5', 'PSP0000000000006');
    await store.payments.put('acct-5', payment('PSP0000000000006'));
    const { status: _status, decline: _decline, captured: _captured, ...facts } = payment('PSP0000000000006');
    await admin.hset(key, 'facts', JSON.stringify({ ...facts, last4: '4242' }));
    await expect(store.payments.get('acct-5', 'PSP0000000000006')).rejects.toMatchObject({ code: 'internal' });
  });

  it('rejects fast with unavailable when Redis is unreachable', async () => {
    const down = createRedisStore({ url: 'redis://127.0.0.1:1', keyPrefix });
    try {
      await down.ping().catch(() => undefined);
      const calls = [
        () => down.payments.put('acct', payment('PSP0000000000007')),
        () => down.payments.get('acct', 'PSP0000000000007'),
        () => down.payments.advance('acct', 'PSP0000000000007', { captured: true }),
        () => down.payments.applyRefund('acct', 'PSP0000000000007', { id: 'R', amount: 1, status: 'pending', reference: '' }),
        () => down.payments.paymentOfLink('acct', 'PL1'),
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

function payment(id: string, fields: Partial<NewLedgerPayment> = {}): NewLedgerPayment {
  return {
    id, amount: { amount: 5000, currency: 'USD' }, customerId: 'shopper_1', paymentMethodId: 'stored_1', status: 'succeeded',
    captured: true, createdAt: 1_700_000_000_000, description: 'Repair', merchantReference: 'tender-key-1', ...fields,
  };
}
