import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, redisAnswers } from '../setup/redis-server.js';

/**
 * A real Redis Cluster of three masters on loopback, as the cluster docs build one:
 * three `redis-server --cluster-enabled yes` processes, joined and given all 16384
 * slots by `redis-cli --cluster create`. No persistence; the node config files live
 * in a temporary directory removed on stop, so a node killed and started again comes
 * back as the same master of the same slots (its keys are gone).
 */
export interface RedisCluster {
  nodes: Array<{ host: string; port: number }>;
  /** The store URL for it: redis+cluster:// with every node as a seed (src/store/redis/redis-url.ts). */
  url: string;
  /** SIGKILLs the nodes at `indexes`: their slots go unserved until they start again. */
  killNodes(indexes: readonly number[]): Promise<void>;
  /** Starts the nodes at `indexes` again on their ports, and waits until the cluster is ok. */
  restartNodes(indexes: readonly number[]): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedisCluster(masters = 3): Promise<RedisCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'tender-redis-cluster-'));
  const children: ChildProcess[] = [];
  const kill = async (child: ChildProcess | undefined): Promise<void> => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  };
  const stop = async (): Promise<void> => {
    await Promise.all(children.map(kill));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const nodes: RedisCluster['nodes'] = [];
    const spawnNode: Array<() => ChildProcess> = [];
    for (let n = 0; n < masters; n++) {
      // The cluster bus port is given explicitly: the default (port + 10000) may not exist.
      const [port, busPort] = [await freePort(), await freePort()];
      spawnNode.push(() => spawn('redis-server', [
        '--port', String(port), '--cluster-port', String(busPort), '--bind', '127.0.0.1',
        '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`),
        '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no',
      ], { stdio: 'ignore' }));
      children.push(spawnNode[n]!());
      nodes.push({ host: '127.0.0.1', port });
    }
    for (const { port } of nodes) await waitUntil(`redis-server on ${port}`, () => redisAnswers(`redis://127.0.0.1:${port}`, 200));
    const create = spawnSync('redis-cli', [
      '--cluster', 'create', ...nodes.map(({ host, port }) => `${host}:${port}`), '--cluster-replicas', '0', '--cluster-yes',
    ], { encoding: 'utf8', timeout: 15_000 });
    if (create.status !== 0) throw new Error(`redis-cli --cluster create failed:\n${create.stdout}${create.stderr}`);
    const clusterOk = async (): Promise<void> => {
      for (const { port } of nodes) await waitUntil(`cluster_state:ok on ${port}`, () => clusterStateOk(port));
    };
    await clusterOk();
    return {
      nodes,
      url: `redis+cluster://${nodes.map(({ host, port }) => `${host}:${port}`).join(',')}`,
      async killNodes(indexes) {
        await Promise.all(indexes.map((index) => kill(children[index])));
      },
      async restartNodes(indexes) {
        for (const index of indexes) children[index] = spawnNode[index]!();
        await clusterOk();
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Runs `command` on one node by itself (a plain client, not cluster-aware). */
export async function onNode<T>({ host, port }: { host: string; port: number }, command: (node: Redis) => Promise<T>): Promise<T> {
  const node = new Redis(port, host);
  try {
    return await command(node);
  } finally {
    node.disconnect();
  }
}

async function clusterStateOk(port: number): Promise<boolean> {
  const redis = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.cluster('INFO')).includes('cluster_state:ok');
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

async function waitUntil(what: string, condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
