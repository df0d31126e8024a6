import type { Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteKeysWithPrefix, testRedisUrl, uniqueKeyPrefix } from '../../../test/setup/redis-env.js';
import { openRedisConnection, type RedisConnection } from './redis-connection.js';

/** Counts the writes that reach the connection's socket from now on. */
function countSocketWrites(connection: RedisConnection): () => number {
  const socket = (connection.redis as { stream: Socket }).stream as Socket & {
    _write: (...args: unknown[]) => void;
    _writev: (...args: unknown[]) => void;
  };
  let writes = 0;
  for (const method of ['_write', '_writev'] as const) {
    const original = socket[method].bind(socket);
    socket[method] = (...args: unknown[]) => {
      writes += 1;
      original(...args);
    };
  }
  return () => writes;
}

describe('write coalescing', () => {
  const keyPrefix = uniqueKeyPrefix('coalescing');
  const connection = openRedisConnection(testRedisUrl());
  afterAll(async () => {
    await connection.close();
    await deleteKeysWithPrefix(keyPrefix);
  });

  it('sends the commands of one event-loop turn in one socket write, each with its own reply', async () => {
    await connection.run((redis) => redis.ping());
    const writes = countSocketWrites(connection);
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, n) => connection.run((redis) => redis.incrby(`${keyPrefix}:counter`, n + 1))),
    );
    expect(writes()).toBe(1);
    expect([...replies].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, n) => ((n + 1) * (n + 2)) / 2));
  });

  it('fails only the command that fails, not the others written with it', async () => {
    await connection.run((redis) => redis.set(`${keyPrefix}:text`, 'not a number'));
    const [before, failed, after] = await Promise.allSettled([
      connection.run((redis) => redis.set(`${keyPrefix}:a`, '1')),
      connection.run((redis) => redis.incr(`${keyPrefix}:text`)),
      connection.run((redis) => redis.get(`${keyPrefix}:a`)),
    ]);
    expect(before).toEqual({ status: 'fulfilled', value: 'OK' });
    expect(failed).toMatchObject({ status: 'rejected', reason: { code: 'unavailable' } });
    expect(after).toEqual({ status: 'fulfilled', value: '1' });
  });

  it('writes a command of a later turn in a write of its own', async () => {
    const writes = countSocketWrites(connection);
    const first = connection.run((redis) => redis.ping('first'));
    // The first command's turn ends (its check phase uncorks), then another begins.
    for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
    const second = connection.run((redis) => redis.ping('second'));
    expect(await Promise.all([first, second])).toEqual(['first', 'second']);
    expect(writes()).toBe(2);
  });
});
