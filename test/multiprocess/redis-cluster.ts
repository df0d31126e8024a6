import { spawn, spawnSync } from 'node:child_process';
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
 * in a temporary directory removed on stop.
 */
export interface RedisCluster {
  nodes: Array<{ host: string; port: number }>;
  stop(): Promise<void>;
}

export async function startRedisCluster(masters = 3): Promise<RedisCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'tender-redis-cluster-'));
  const children: ReturnType<typeof spawn>[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(children.map(async (child) => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await once(child, 'exit');
      }
    }));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const nodes: RedisCluster['nodes'] = [];
    for (let n = 0; n < masters; n++) {
      // The cluster bus port is given explicitly: the default (port + 10000) may not exist.
      const [port, busPort] = [await freePort(), await freePort()];
      children.push(spawn('redis-server', [
        '--port', String(port), '--cluster-port', String(busPort), '--bind', '127.0.0.1',
        '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`),
        '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no',
      ], { stdio: 'ignore' }));
      nodes.push({ host: '127.0.0.1', port });
    }
    for (const { port } of nodes) await waitUntil(`redis-server on ${port}`, () => redisAnswers(`redis://127.0.0.1:${port}`, 200));
    const create = spawnSync('redis-cli', [
      '--cluster', 'create', ...nodes.map(({ host, port }) => `${host}:${port}`), '--cluster-replicas', '0', '--cluster-yes',
    ], { encoding: 'utf8', timeout: 15_000 });
    if (create.status !== 0) throw new Error(`redis-cli --cluster create failed:\n${create.stdout}${create.stderr}`);
    for (const { port } of nodes) await waitUntil(`cluster_state:ok on ${port}`, () => clusterStateOk(port));
    return { nodes, stop };
  } catch (error) {
    await stop();
    throw error;
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
