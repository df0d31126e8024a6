import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../../src/store/redis/redis-store.js';
import { idempotencyKeys } from '../../src/store/redis/redis-keys.js';
import { onNode, startRedisCluster, type RedisCluster } from './redis-cluster.js';
import { redisToolGate } from './tool-gate.js';

/**
 * The production Redis store on a real three-master Redis Cluster whose nodes fail, on
 * a cluster of its own (redis-cluster.test.ts keeps its nodes up). The payment path's
 * rule holds per slot: a call whose key lives on a lost master fails closed with
 * unavailable within about a second (nothing is charged), while keys on the other
 * masters are served; and the store heals by itself when nodes return.
 */

const tools = redisToolGate('the Redis Cluster outage suite', ['redis-server', 'redis-cli']);

/** Retries `attempt` until it resolves, for at most `timeoutMs`; the last failure is thrown. */
async function eventually<T>(attempt: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** How a call ended and how long it took: 'ok', or the TenderError code. */
async function outcomeOf(call: () => Promise<unknown>): Promise<{ outcome: string; ms: number }> {
  const started = Date.now();
  const outcome = await call().then(() => 'ok', (error: { code?: string }) => error.code ?? String(error));
  return { outcome, ms: Date.now() - started };
}

describe.skipIf(tools.skip)('the cluster store while nodes fail', () => {
  let cluster: RedisCluster | undefined;
  beforeAll(async () => {
    tools.assertPresent();
    cluster = await startRedisCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  const keyPrefix = 'cluster-outage';
  const keys = Array.from({ length: 24 }, (_, n) => `key-${n}`);

  it("fails closed on a lost master's slots, serves the others, and heals when it returns", async () => {
    const store = createRedisStore({ url: cluster!.url, keyPrefix });
    try {
      for (const key of keys) expect((await store.idempotency.begin('tenant', key, 'fp', 60_000)).state).toBe('acquired');
      // KEYS lists one node's own keys (a plain client would meet MOVED for the others').
      const held = new Set(await onNode(cluster!.nodes[1]!, (node) => node.keys(`${keyPrefix}:*`)));
      const lost = new Set(keys.filter((key) => held.has(idempotencyKeys(keyPrefix, 'tenant', key).lease)));
      expect(lost.size).toBeGreaterThan(0);
      expect(lost.size).toBeLessThan(keys.length);

      await cluster!.killNodes([1]);
      const answers = await Promise.all(keys.map((key) => outcomeOf(() => store.idempotency.get('tenant', key))));
      for (const [n, { outcome, ms }] of answers.entries()) {
        expect(outcome).toBe(lost.has(keys[n]!) ? 'unavailable' : 'ok');
        expect(ms).toBeLessThan(2_500);
      }

      // The node kept no data, so the lost keys are free again once it is back.
      await cluster!.restartNodes([1]);
      await eventually(async () => {
        for (const key of lost) expect((await store.idempotency.begin('tenant', key, 'fp', 60_000)).state).toBe('acquired');
      });
    } finally {
      await store.close();
    }
  });

  it('fails closed at once while no node answers, and reconnects by itself', async () => {
    const store = createRedisStore({ url: cluster!.url, keyPrefix });
    try {
      await store.ping();
      await cluster!.killNodes([0, 1, 2]);
      await expect(store.idempotency.begin('tenant', 'outage', 'fp', 60_000)).rejects.toMatchObject({ code: 'unavailable' });
      const meanwhile = await outcomeOf(() => store.idempotency.begin('tenant', 'outage', 'fp', 60_000));
      expect(meanwhile).toMatchObject({ outcome: 'unavailable' });
      expect(meanwhile.ms).toBeLessThan(1_500);

      await cluster!.restartNodes([0, 1, 2]);
      const begun = await eventually(() => store.idempotency.begin('tenant', 'outage', 'fp', 60_000));
      expect(begun.state).toBe('acquired');
    } finally {
      await store.close();
    }
  });
});
