import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { deleteKeysWithPrefix, testRedisUrl, uniqueKeyPrefix } from '../../../test/setup/redis-env.js';
import { redisServerOnPath, startRedisServer } from '../../../test/setup/redis-server.js';
import { TenderError } from '../../core/errors.js';
import { createRedisStore } from './redis-store.js';

const LONG_MS = 60_000;

describe('redis store when Redis fails', () => {
  const keyPrefix = uniqueKeyPrefix('failure');
  afterAll(() => deleteKeysWithPrefix(keyPrefix));

  it('rejects fast with unavailable when Redis is unreachable, without the password', async () => {
    const store = createRedisStore({ url: 'redis://tender:s3cret-pw@127.0.0.1:1', keyPrefix });
    try {
      // The first call waits for the first connection attempt; once Redis is known to
      // be down, calls fail at once instead of queueing for the reconnect loop.
      const calls = [
        { call: () => store.idempotency.begin('acme', 'k', 'fp', LONG_MS), withinMs: 2_000 },
        { call: () => store.ping(), withinMs: 300 },
        { call: () => store.events.read('acme'), withinMs: 300 },
        { call: () => store.idempotency.get('acme', 'k'), withinMs: 300 },
        { call: () => store.customers.findByPhone('acct', '+14155550100'), withinMs: 300 },
        {
          call: () => store.customers.put('acct', { id: 'c', name: '', email: '', phone: '', createdAt: 1, metadata: {} }),
          withinMs: 300,
        },
      ];
      for (const { call, withinMs } of calls) {
        const started = Date.now();
        const error = await call().then(
          () => undefined,
          (reason: unknown) => reason,
        );
        expect(Date.now() - started).toBeLessThan(withinMs);
        expect(error).toBeInstanceOf(TenderError);
        expect(error).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/^store unavailable/) });
        expect(JSON.stringify({ message: (error as Error).message, cause: (error as Error).cause })).not.toContain(
          's3cret-pw',
        );
      }
    } finally {
      await store.close();
    }
  });

  it('rejects fast with unavailable when no cluster seed answers, naming the seeds, not the password', async () => {
    const store = createRedisStore({ url: 'redis+cluster://tender:s3cret%2Fpw@127.0.0.1:1,127.0.0.1:2', keyPrefix });
    try {
      for (const withinMs of [2_000, 300, 300]) {
        const started = Date.now();
        const error = await store.idempotency.begin('acme', 'k', 'fp', LONG_MS).then(() => undefined, (reason: unknown) => reason);
        expect(Date.now() - started).toBeLessThan(withinMs);
        expect(error).toBeInstanceOf(TenderError);
        expect(error).toMatchObject({
          code: 'unavailable',
          message: expect.stringMatching(/^store unavailable \(redis at redis\+cluster:\/\/127\.0\.0\.1:1,127\.0\.0\.1:2\): /),
        });
        const shown = JSON.stringify({ message: (error as Error).message, cause: (error as Error).cause });
        expect(shown).not.toContain('s3cret');
        expect(shown).not.toContain('tender:');
      }
    } finally {
      await store.close();
    }
  });

  it('refuses a malformed cluster URL without quoting it', () => {
    expect(() => createRedisStore({ url: 'redis+cluster://u:s3cret@a:1;b:2', keyPrefix })).toThrow(
      expect.objectContaining({ code: 'invalid_argument', message: expect.not.stringContaining('s3cret') }),
    );
  });

  it('keeps working after SCRIPT FLUSH (NOSCRIPT falls back to EVAL)', async () => {
    const store = createRedisStore({ url: testRedisUrl(), keyPrefix });
    const admin = new Redis(testRedisUrl());
    try {
      const first = await store.idempotency.begin('acme', 'before-flush', 'fp', LONG_MS);
      expect(first.state).toBe('acquired');
      await admin.script('FLUSH');

      const begun = await store.idempotency.begin('acme', 'after-flush', 'fp', LONG_MS);
      if (begun.state !== 'acquired') throw new Error(begun.state);
      await admin.script('FLUSH');
      const record = { fingerprint: 'fp', outcome: { kind: 'response', body: 'AA==' }, completedAt: 1 } as const;
      expect(await store.idempotency.complete('acme', 'after-flush', begun.token, record, LONG_MS)).toBe(true);
      await admin.script('FLUSH');
      if (first.state === 'acquired') await store.idempotency.release('acme', 'before-flush', first.token);
      expect((await store.idempotency.begin('acme', 'before-flush', 'fp', LONG_MS)).state).toBe('acquired');
    } finally {
      admin.disconnect();
      await store.close();
    }
  });

  it.skipIf(!redisServerOnPath())('fails closed while Redis is down and recovers by itself', async () => {
    const server = await startRedisServer();
    const store = createRedisStore({ url: server.url, keyPrefix });
    let restarted: Awaited<ReturnType<typeof startRedisServer>> | undefined;
    try {
      await store.ping();
      await server.stop();
      await expect(store.idempotency.begin('acme', 'k', 'fp', LONG_MS)).rejects.toMatchObject({
        code: 'unavailable',
      });

      restarted = await startRedisServer(server.port);
      const deadline = Date.now() + 5_000;
      let state: string | undefined;
      while (state === undefined && Date.now() < deadline) {
        state = await store.idempotency.begin('acme', 'k', 'fp', LONG_MS).then(
          (result) => result.state,
          () => undefined,
        );
        if (state === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(state).toBe('acquired');
    } finally {
      await store.close();
      await restarted?.stop();
    }
  });
});
