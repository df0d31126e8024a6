import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { describeStoreContract } from '../../src/store/store-contract.js';
import { createRedisStore } from '../../src/store/redis/redis-store.js';
import type { Store } from '../../src/store/types.js';
import { CLUSTER_SCHEME, openClusterConnection } from './cluster-connection.js';
import { startRedisCluster, type RedisCluster } from './redis-cluster.js';
import { redisToolGate } from './tool-gate.js';

/**
 * The store contract against a real three-master Redis Cluster on loopback. A script
 * that touched keys in two slots would fail here with CROSSSLOT, so this is where the
 * hash-tag layout (redis-keys.ts) is proven, and the contract's multi-store races run
 * across the cluster's nodes.
 *
 * createRedisStore has no cluster mode yet (cluster-connection.ts says what is missing),
 * so its connection factory is swapped, for cluster URLs only, for one built on ioredis
 * `Cluster`; everything above the connection is the production store, unchanged.
 */
vi.mock('../../src/store/redis/redis-connection.js', async (importActual) => {
  const actual = await importActual<typeof import('../../src/store/redis/redis-connection.js')>();
  return {
    ...actual,
    openRedisConnection: (url: string) => (url.startsWith(CLUSTER_SCHEME) ? openClusterConnection(url) : actual.openRedisConnection(url)),
  };
});

const tools = redisToolGate('the Redis Cluster suite', ['redis-server', 'redis-cli']);

describe.skipIf(tools.skip)('a three-master Redis Cluster on loopback', () => {
  let cluster: RedisCluster | undefined;
  const clusterUrl = () => `${CLUSTER_SCHEME}${cluster!.nodes.map(({ host, port }) => `${host}:${port}`).join(',')}`;

  beforeAll(async () => {
    tools.assertPresent();
    cluster = await startRedisCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('spreads the store over all three masters', async () => {
    const store = createRedisStore({ url: clusterUrl(), keyPrefix: 'cluster-layout' });
    try {
      for (let n = 0; n < 24; n++) {
        const begun = await store.idempotency.begin('tenant', `key-${n}`, 'fp', 10_000);
        expect(begun.state).toBe('acquired');
      }
      // Hashed keys land on every master: a single-node client could not have done this.
      const perNode = await Promise.all(cluster!.nodes.map(async ({ host, port }) => {
        const node = new Redis(port, host);
        try {
          return await node.dbsize();
        } finally {
          node.disconnect();
        }
      }));
      expect(perNode.every((keys) => keys > 0)).toBe(true);
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
});
