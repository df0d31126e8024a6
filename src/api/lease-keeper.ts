import type { Logger } from 'pino';
import type { IdempotencyStore } from '../store/types.js';

/** What one held idempotency key needs to stay held. */
export interface HeldLease {
  store: IdempotencyStore;
  scope: string;
  key: string;
  token: string;
  leaseMs: number;
  logger: Logger;
}

/**
 * Keeps an idempotency lease alive while its call waits on a processor: renews it every
 * third of its length, so two renewals can fail (a Redis blip) before it ends. The lease
 * itself can then be short (idempotency.leaseSeconds, 30 s by default): when the holder
 * dies, renewals stop and its key is free again within one lease, instead of staying
 * blocked for as long as the slowest processor call might take.
 *
 * A renewal that finds the lease gone (expired during a stall, or taken) stops the
 * keeper; the call still finishes and answers, and its complete() then stores nothing,
 * as runIdempotent already handles. The lease is a courtesy to retries, not the fence:
 * the processor's idempotency key is (payments-domain.md, "Redis"). Returns the stop
 * function; the timer is unref'd so it never holds the process open.
 */
export function keepLease(held: HeldLease): () => void {
  const everyMs = Math.max(50, Math.floor(held.leaseMs / 3));
  let stopped = false;
  let renewing = false;
  const timer = setInterval(() => {
    if (stopped || renewing) return;
    renewing = true;
    held.store.renew(held.scope, held.key, held.token, held.leaseMs).then(
      (kept) => {
        if (!kept && !stopped) {
          held.logger.warn('idempotency lease lost while the call ran; its result will not be stored');
          stop();
        }
      },
      (error: unknown) => held.logger.warn({ err: error }, 'idempotency lease renewal failed; retrying'),
    ).finally(() => {
      renewing = false;
    });
  }, everyMs);
  timer.unref();
  const stop = (): void => {
    stopped = true;
    clearInterval(timer);
  };
  return stop;
}
