import { Redis } from 'ioredis';
import type { RedisClient } from './redis-connection.js';

/**
 * Coalesces the store's commands into fewer socket writes: the first command of an
 * event-loop turn corks the client's sockets, and they are uncorked in the turn's check
 * phase (setImmediate), once every callback of its poll phase has run. Under load the
 * commands of all the calls served in that turn (several gRPC requests arrive in one
 * read) leave in one write, and Redis reads them in one read and answers in one write.
 *
 * Only the writes are joined. Each command is still sent on its own, with its own
 * timeout, reply, failure and (on a cluster) redirection; nothing waits for an answer
 * before it is written, and nothing is queued while Redis is unreachable (the client
 * refuses the command before it reaches the socket, as without coalescing). This is
 * what ioredis's enableAutoPipelining was used for, without its costs: a Pipeline object
 * per batch (a copy of every defined script), a batch held back while the previous one
 * awaits its replies, and on a cluster, replies of a batch redirected as a whole (during
 * resharding, callers got MOVED errors a single command follows).
 */
export function coalescedWrites(redis: RedisClient): () => void {
  let corked: Array<Redis['stream']> | undefined;
  const uncork = (): void => {
    const streams = corked ?? [];
    corked = undefined;
    for (const stream of streams) stream.uncork();
  };
  return () => {
    if (corked !== undefined) return;
    corked = socketsOf(redis);
    for (const stream of corked) stream.cork();
    setImmediate(uncork);
  };
}

/** A node client's socket; on a cluster, the sockets of the nodes it has opened. */
function socketsOf(redis: RedisClient): Array<Redis['stream']> {
  const clients = redis instanceof Redis ? [redis] : redis.nodes('all');
  const sockets: Array<Redis['stream']> = [];
  for (const client of clients) if (client.stream) sockets.push(client.stream);
  return sockets;
}
