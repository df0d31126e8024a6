import { Redis } from 'ioredis';
import { TenderError, isTenderError } from '../../core/errors.js';

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

export interface RedisConnection {
  readonly redis: Redis;
  /** Runs `command` once the client is ready; any Redis failure becomes TenderError unavailable. */
  run<T>(command: (redis: Redis) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function openRedisConnection(url: string): RedisConnection {
  const location = describeLocation(url);
  const redis = new Redis(url, {
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, MAX_RECONNECT_DELAY_MS),
  });
  let lastProblem = 'not connected yet';
  // Without a listener ioredis prints every failed reconnect; callers see failures as
  // rejected calls instead, and the last one is named in their message.
  redis.on('error', (error: Error) => {
    lastProblem = error.message;
  });

  const unavailable = (problem: string): TenderError =>
    new TenderError('unavailable', `store unavailable (redis at ${location}): ${scrub(problem, url)}`);

  return {
    redis,
    async run(command) {
      try {
        await whenReady(redis, CONNECT_TIMEOUT_MS);
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

class NotReady extends Error {}

/**
 * Resolves when the client is ready. During a connection attempt it waits for that
 * attempt's outcome (at most `timeoutMs`); between attempts it fails at once, so a
 * down Redis costs a caller milliseconds, not the whole reconnect delay.
 */
function whenReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  if (redis.status !== 'connecting' && redis.status !== 'connect') {
    return Promise.reject(new NotReady(`not connected, ${redis.status}`));
  }
  return new Promise((resolve, reject) => {
    const settle = (problem?: string): void => {
      clearTimeout(timer);
      redis.off('ready', onReady).off('close', onClose).off('end', onClose);
      if (problem === undefined) resolve();
      else reject(new NotReady(problem));
    };
    const onReady = (): void => settle();
    const onClose = (): void => settle('connection failed');
    const timer = setTimeout(() => settle('connect timed out'), timeoutMs);
    redis.once('ready', onReady).once('close', onClose).once('end', onClose);
  });
}

/** scheme://host:port/db, never the user name or password. */
function describeLocation(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The URL itself is not echoed: it may hold a password.
    throw new TenderError('invalid_argument', 'redis url: not a valid URL', { field: 'url' });
  }
  return `${parsed.protocol}//${parsed.hostname}:${parsed.port || '6379'}${parsed.pathname}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Belt and braces: drop the URL's password, raw or decoded, should a message ever quote it. */
function scrub(message: string, url: string): string {
  const raw = new URL(url).password;
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // a malformed escape: only the raw form can appear
  }
  return [raw, decoded]
    .filter((secret) => secret !== '')
    .reduce((text, secret) => text.split(secret).join('***'), message);
}
