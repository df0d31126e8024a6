import type { Logger } from 'pino';
import type { ApiDeps } from '../api/deps.js';
import { settleOne, type SettleResult } from './settle-one.js';

export interface ReconcilerOptions {
  deps: ApiDeps;
  logger: Logger;
  /** How often this instance looks for unknown outcomes that are due. */
  intervalMs: number;
  /** How long a claimed call is this instance's: longer than one settling attempt may take. */
  holdMs: number;
  /** Past this age an unknown outcome is abandoned to a person (settle-one.ts). */
  giveUpAfterMs: number;
  /** Calls claimed per turn. */
  batch?: number;
}

export interface Reconciler {
  /**
   * One turn now: claims what is due and settles it; resolves to each call's result.
   * `asOf` (epoch ms) claims what will be due by then instead, for operations and tests
   * that must not wait out the backoff. A turn already running is joined, not doubled.
   */
  runOnce(options?: { asOf?: number }): Promise<SettleResult[]>;
  /** Stops looking, aborts what runs and waits for it, at most `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Settles unknown outcomes in the background (payments-domain.md, "Timeouts are not
 * declines": resolved later by asking the processor or re-sending under the same key).
 * Every instance runs one; they share the list in the store, kept per tenant so that an
 * instance only ever claims calls of the tenants it serves (deployments with other
 * configurations may share the Redis). Claiming a call holds it for `holdMs`, so each due
 * call is worked on by one instance at a time, and a call whose instance died is picked
 * up by another when the hold ends. Calls run one at a time: an
 * unknown outcome is rare, and a processor that is timing out needs no extra load.
 */
export function startReconciler(options: ReconcilerOptions): Reconciler {
  const controller = new AbortController();
  const logger = options.logger.child({ component: 'reconciler' });
  const settings = {
    deps: options.deps, logger, retentionMs: options.deps.idempotency.retentionMs,
    giveUpAfterMs: options.giveUpAfterMs, signal: controller.signal,
  };
  let storeDown = false;
  let turn: Promise<SettleResult[]> | undefined;

  async function runTurn(asOf: number): Promise<SettleResult[]> {
    const due = [];
    try {
      for (const tenant of options.deps.registry.tenants()) {
        due.push(...(await options.deps.store.unsettled.claimDue(tenant, asOf, options.batch ?? 10, options.holdMs)));
      }
      if (storeDown) logger.info('store answers again: settling unknown outcomes');
      storeDown = false;
    } catch (error) {
      // Once per outage: the store being down is already loud elsewhere.
      if (!storeDown) logger.warn({ err: error }, 'unknown outcomes cannot be read from the store; will retry');
      storeDown = true;
      return [];
    }
    const results: SettleResult[] = [];
    for (const unsettled of due) {
      if (controller.signal.aborted) break;
      results.push(await settleOne(settings, unsettled).catch((error: unknown) => {
        logger.error({ err: error, ref: unsettled.ref }, 'settling an unknown outcome failed; it is retried after its hold');
        return 'pending' as const;
      }));
    }
    return results;
  }

  const runOnce = (given?: { asOf?: number }): Promise<SettleResult[]> => {
    turn ??= runTurn(given?.asOf ?? Date.now()).finally(() => {
      turn = undefined;
    });
    return turn;
  };
  const timer = setInterval(() => void runOnce(), options.intervalMs);
  timer.unref();

  return {
    runOnce,
    async stop(graceMs = 5_000) {
      clearInterval(timer);
      controller.abort();
      if (!turn) return;
      let waited: NodeJS.Timeout | undefined;
      await Promise.race([turn.then(() => undefined), new Promise<void>((resolve) => (waited = setTimeout(resolve, graceMs)))]);
      clearTimeout(waited);
    },
  };
}
