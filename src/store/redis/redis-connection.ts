import { Cluster, Redis } from 'ioredis';
import { TenderError, isTenderError } from '../../core/errors.js';
import { parseRedisUrl, scrubSecrets, type RedisTarget } from './redis-url.js';
import { coalescedWrites } from './write-coalescing.js';

/**
 * One ioredis client tuned for a payment path: fail fast, recover in the background.
 * ioredis by default queues commands while disconnected and retries each up to 20
 * times; a caller on the phone cannot wait for that, and an idempotency store that is
 * down must fail closed with UNAVAILABLE so nothing is charged (payments-domain.md,
 * "Redis"). So: no offline queue, one retry, 1 s to connect and 1 s per command, while
 * the reconnect loop keeps trying forever so the store heals when Redis returns.
 */
const CONNECT_TIMEOUT_MS = 1_000;
const COMMAND_TIMEOUT_MS = 1_000;
const MAX_RECONNECT_DELAY_MS = 2_000;

/**
 * What the store and its scripts talk to: one Redis or a Redis Cluster (redis-url.ts).
 * Both offer every command, defineCommand (EVALSHA with the EVAL fallback on NOSCRIPT,
 * which on a cluster happens on the node that answered) and pipeline, whose keys must
 * share a slot on a cluster: the store's hash tags keep them so (redis-keys.ts).
 */
export type RedisClient = Redis | Cluster;

export interface RedisConnection {
  readonly redis: RedisClient;
  /** Runs `command` once the client is ready; any Redis failure becomes TenderError unavailable. */
  run<T>(command: (redis: RedisClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `url` is redis://, rediss://, redis+cluster:// or rediss+cluster:// (redis-url.ts). */
export function openRedisConnection(url: string): RedisConnection {
  const target = parseRedisUrl(url);
  const redis = newClient(target);
  let lastProblem = 'not connected yet';
  // Without a listener ioredis prints every failed reconnect; callers see failures as
  // rejected calls instead, and the last one is named in their message.
  redis.on('error', (error: Error & { lastNodeError?: Error }) => {
    // A cluster that reaches no node says only "Failed to refresh slots cache."; the
    // last node's failure rides along in lastNodeError.
    const why = error.lastNodeError?.message;
    lastProblem = why ? `${error.message} ${why}` : error.message;
  });
  // A cluster that loses every node closes without an error event: say so, not "not connected yet".
  redis.on('ready', () => {
    lastProblem = 'connection lost';
  });

  const unavailable = (problem: string): TenderError =>
    new TenderError('unavailable', `store unavailable (redis at ${target.location}): ${scrubSecrets(problem, target.secrets)}`);

  const whenReady = readiness(redis, CONNECT_TIMEOUT_MS);
  const coalesce = coalescedWrites(redis);

  return {
    redis,
    async run(command) {
      try {
        await whenReady();
        coalesce();
        return await command(redis);
      } catch (error) {
        if (isTenderError(error)) throw error;
        // The ioredis error is not attached as cause: it carries the failed command's
        // arguments, which for AUTH would be the password.
        throw unavailable(error instanceof NotReady ? `${error.message} (${lastProblem})` : messageOf(error));
      }
    },
    async close() {
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}

const reconnectDelay = (attempt: number): number => Math.min(attempt * 200, MAX_RECONNECT_DELAY_MS);

/**
 * A cluster client takes the fail-fast settings in two places. Its own offline queue is
 * off, so a command while the cluster is not ready fails at once, and its retry strategy
 * rebuilds the cluster connection in the background forever. Each node connection gets
 * the timeouts and the one retry through redisOptions; ioredis always gives node
 * connections an offline queue and no reconnect of their own (lost nodes are found again
 * through the slot map), so a node's queue lasts one connect attempt, 1 s at most.
 * With TLS the seed names are kept rather than resolved to addresses, so certificates
 * are checked against the names configured (ioredis README, "Special Note: Aws
 * Elasticache Clusters with TLS").
 *
 * Neither client auto-pipelines: run() joins the writes of one event-loop turn instead
 * (write-coalescing.ts), which measured cheaper for Tender and Redis alike and keeps
 * every command, redirections included, on its own.
 */
function newClient(target: RedisTarget): RedisClient {
  const failFast = { connectTimeout: CONNECT_TIMEOUT_MS, commandTimeout: COMMAND_TIMEOUT_MS, maxRetriesPerRequest: 1 };
  if (target.kind === 'node') {
    return new Redis(target.url, { ...failFast, enableOfflineQueue: false, retryStrategy: reconnectDelay });
  }
  return new Cluster(target.nodes, {
    enableOfflineQueue: false,
    clusterRetryStrategy: reconnectDelay,
    redisOptions: {
      ...failFast,
      ...(target.username === '' ? {} : { username: target.username }),
      ...(target.password === '' ? {} : { password: target.password }),
      ...(target.tls ? { tls: {} } : {}),
    },
    ...(target.tls ? { dnsLookup: (address: string, callback: (error: null, address: string) => void) => callback(null, address) } : {}),
  });
}

class NotReady extends Error {}

/**
 * Returns a wait that resolves when the client is ready. During a connection attempt it
 * waits for that attempt's outcome (at most `timeoutMs`); between attempts it fails at
 * once, so a down Redis costs a caller milliseconds, not the whole reconnect delay.
 * Callers arriving during one attempt share one wait, so a burst of calls while a
 * cluster connects adds three listeners, not three per call.
 */
function readiness(redis: RedisClient, timeoutMs: number): () => Promise<void> {
  let attempt: Promise<void> | undefined;
  const waitForAttempt = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const settle = (problem?: string): void => {
        clearTimeout(timer);
        redis.off('ready', onReady).off('close', onClose).off('end', onClose);
        attempt = undefined;
        if (problem === undefined) resolve();
        else reject(new NotReady(problem));
      };
      const onReady = (): void => settle();
      const onClose = (): void => settle('connection failed');
      const timer = setTimeout(() => settle('connect timed out'), timeoutMs);
      redis.once('ready', onReady).once('close', onClose).once('end', onClose);
    });
  return () => {
    if (redis.status === 'ready') return Promise.resolve();
    if (redis.status !== 'connecting' && redis.status !== 'connect') {
      return Promise.reject(new NotReady(`not connected, ${redis.status}`));
    }
    attempt ??= waitForAttempt();
    return attempt;
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
