import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTender, type RunningTender } from '../../src/app.js';
import { DEMO_API_KEY } from '../../src/config/demo.js';
import { loadConfig } from '../../src/config/load.js';
import { PaymentStatus } from '../../src/gen/tender/v1/common_pb.js';
import { PaymentService } from '../../src/gen/tender/v1/payments_pb.js';
import { makeClient } from '../../src/server/client.js';
import { capturingLogger } from '../../src/server/testing/test-server.js';
import { createStore } from '../../src/store/create-store.js';
import { describeStoreContract } from '../../src/store/store-contract.js';
import { createRedisStore } from '../../src/store/redis/redis-store.js';
import type { Store } from '../../src/store/types.js';
import { onNode, startRedisCluster, type RedisCluster } from './redis-cluster.js';
import { redisToolGate } from './tool-gate.js';

/**
 * The production Redis store against a real three-master Redis Cluster on loopback,
 * opened from a `redis+cluster://` URL exactly as configuration or REDIS_URL gives it.
 * A script or pipeline that touched keys in two slots would fail here with CROSSSLOT,
 * so this is where the hash-tag layout (redis-keys.ts) is proven, and the contract's
 * multi-store races run across the cluster's nodes.
 */

const tools = redisToolGate('the Redis Cluster suite', ['redis-server', 'redis-cli']);

describe.skipIf(tools.skip)('a three-master Redis Cluster on loopback', () => {
  let cluster: RedisCluster | undefined;
  const clusterUrl = (): string => cluster!.url;

  const onEveryMaster = <T>(command: (node: Redis) => Promise<T>): Promise<T[]> =>
    Promise.all(cluster!.nodes.map((node) => onNode(node, command)));

  beforeAll(async () => {
    tools.assertPresent();
    cluster = await startRedisCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('spreads the store over all three masters', async () => {
    const store = createStore({ kind: 'redis', url: clusterUrl(), keyPrefix: 'cluster-layout' });
    try {
      for (let n = 0; n < 24; n++) {
        const begun = await store.idempotency.begin('tenant', `key-${n}`, 'fp', 10_000);
        expect(begun.state).toBe('acquired');
      }
      // Hashed keys land on every master: a single-node client would have met MOVED.
      const perNode = await onEveryMaster((node) => node.dbsize());
      expect(perNode.every((keys) => keys > 0)).toBe(true);
      await expect(store.ping()).resolves.toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('keeps running its scripts after SCRIPT FLUSH on every master (NOSCRIPT falls back to EVAL)', async () => {
    const store = createRedisStore({ url: clusterUrl(), keyPrefix: 'cluster-noscript' });
    const keys = Array.from({ length: 24 }, (_, n) => `key-${n}`);
    try {
      const tokens = await Promise.all(keys.map(async (key) => {
        const begun = await store.idempotency.begin('tenant', key, 'fp', 10_000);
        if (begun.state !== 'acquired') throw new Error(begun.state);
        return begun.token;
      }));
      await onEveryMaster((node) => node.script('FLUSH'));
      const record = { fingerprint: 'fp', outcome: { kind: 'response', body: 'AA==' }, completedAt: 1 } as const;
      for (const [n, key] of keys.entries()) {
        expect(await store.idempotency.complete('tenant', key, tokens[n]!, record, 60_000)).toBe(true);
      }
      await onEveryMaster((node) => node.script('FLUSH'));
      for (const key of keys) expect((await store.idempotency.begin('tenant', key, 'fp', 10_000)).state).toBe('replay');
    } finally {
      await store.close();
    }
  });

  // No cleanup by prefix is needed: the cluster is private to this file and discarded.
  describeStoreContract('redis cluster', () => {
    const opened: Store[] = [];
    return {
      open() {
        const store = createRedisStore({ url: clusterUrl(), keyPrefix: 'cluster-contract' });
        opened.push(store);
        return store;
      },
      async dispose() {
        await Promise.all(opened.map((store) => store.close()));
      },
    };
  });

  describe('Tender started with REDIS_URL=redis+cluster://...', () => {
    const tenders: RunningTender[] = [];
    const clients: Array<ReturnType<typeof makeClient<typeof PaymentService>>> = [];
    afterAll(async () => {
      for (const client of clients) client.close();
      await Promise.all(tenders.map((tender) => tender.close(1000)));
    });

    /** The no-configuration demo with the environment a deployment would set. */
    const startFromEnvironment = async (): Promise<RunningTender> => {
      const env = { REDIS_URL: clusterUrl(), TENDER_GRPC_ADDRESS: '127.0.0.1:0', TENDER_HTTP_ADDRESS: '127.0.0.1:0' };
      const { config, path } = loadConfig({ env });
      expect(path).toBeUndefined();
      expect(config.store).toEqual({ kind: 'redis', url: clusterUrl() });
      const tender = await startTender(config, { env, logger: capturingLogger().logger });
      tenders.push(tender);
      return tender;
    };
    const paymentsOf = (tender: RunningTender) => {
      const client = makeClient(PaymentService, tender.grpc.address);
      clients.push(client);
      return client;
    };

    it('charges through gRPC and replays, from the same instance and from a second one', async () => {
      const [first, second] = await Promise.all([startFromEnvironment(), startFromEnvironment()]);
      const readyz = await fetch(`${first.http!.publicUrl}/readyz`);
      expect(readyz.status).toBe(200);

      const request = {
        idempotencyKey: 'cluster-charge-1',
        customerId: 'demo-stripe:cus_demo_jordan',
        amount: { amount: 1_250n, currency: 'USD' },
        description: 'charged through a Redis Cluster store',
      };
      const options = { apiKey: DEMO_API_KEY, deadlineMs: 15_000 };
      const charged = await paymentsOf(first).charge(request, options);
      expect(charged.response.payment?.status).toBe(PaymentStatus.SUCCEEDED);
      expect(charged.headers.get('idempotent-replayed')).toEqual([]);

      // The second instance has its own Stripe sandbox, which never saw this payment:
      // the same answer can only come from the record in the cluster.
      for (const tender of [first, second]) {
        const replayed = await paymentsOf(tender).charge(request, options);
        expect(replayed.headers.get('idempotent-replayed')).toEqual(['true']);
        expect(replayed.response.payment).toEqual(charged.response.payment);
      }
    });
  });
});
