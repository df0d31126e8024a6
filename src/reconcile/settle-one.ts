import { fromBinary, toBinary } from '@bufbuild/protobuf';
import type { Logger } from 'pino';
import { audit } from '../api/audit.js';
import type { ApiDeps } from '../api/deps.js';
import { isTenderError, type ErrorCode } from '../core/errors.js';
import type { CallContext } from '../server/call-context.js';
import type { UnsettledCall } from '../store/unsettled-calls.js';
import { replayableCall } from './replayable-calls.js';
import { settlingLimiter, ticketFrom } from './settling-limiter.js';
import { systemCall } from './system-call.js';

export interface SettleSettings {
  deps: ApiDeps;
  logger: Logger;
  /** How long a record stays readable after its last change (the idempotency retention). */
  retentionMs: number;
  /**
   * Past this age an unknown outcome is no longer re-sent: a processor keeps its
   * idempotency keys for a while only (Stripe: 24 hours), and a re-send under a key it
   * has forgotten could move the money a second time.
   */
  giveUpAfterMs: number;
  signal: AbortSignal;
}

/** `skipped`: this instance cannot serve the call's account; another one will, after the hold. */
export type SettleResult = 'settled' | 'pending' | 'abandoned' | 'skipped';

/** Codes that say "not now" (the store, the processor or the key's holder is busy or down). */
const TRANSIENT: ReadonlySet<ErrorCode> = new Set(['aborted', 'unavailable', 'deadline_exceeded', 'internal', 'resource_exhausted']);

/**
 * One attempt to settle a call whose outcome is unknown: run it again, exactly as the
 * caller's retry with the same idempotency key would run (src/reconcile/replayable-
 * calls.ts), so that
 * - a result the caller's own retry already stored is replayed, not re-sent;
 * - a retry running right now makes this attempt ABORTED, and it waits for the next turn;
 * - otherwise the call is re-sent under the same processor key, the processor answers
 *   with what it did the first time or does it now, once; a final answer is stored under
 *   the caller's key (its retry replays it), audited, and counted against the decline
 *   limits in the slot the first attempt held.
 * Still unknown or a transient failure: tried again later, with backoff. Any other
 * failure, or past the give-up age: abandoned, logged and audited for a person, and the
 * payment keeps reading OUTCOME_UNKNOWN; Tender never guesses an outcome.
 */
export async function settleOne(settings: SettleSettings, unsettled: UnsettledCall): Promise<SettleResult> {
  const { deps } = settings;
  const now = Date.now();
  const replayable = replayableCall(unsettled.method);
  const call = systemCall(unsettled, settings.logger, settings.signal);
  if (!replayable) return abandon(settings, call, unsettled, `not a call Tender can settle: ${unsettled.method}`);
  if (!deps.registry.accountsOf(unsettled.tenant).some((account) => account.id === unsettled.accountId)) {
    // A configuration being rolled out: an instance that has the account settles it.
    call.logger.warn({ accountId: unsettled.accountId }, 'unknown outcome of an account this instance does not serve; left for another');
    return 'skipped';
  }
  if (now - unsettled.createdAt > settings.giveUpAfterMs) {
    return abandon(settings, call, unsettled, 'still unknown past the window in which re-sending is safe');
  }
  const request = fromBinary(replayable.requestSchema, Buffer.from(unsettled.request, 'base64'));
  const settlingDeps: ApiDeps = { ...deps, limits: settlingLimiter(deps.limits, ticketFrom(unsettled.limitTicket)) };
  const next = { ...unsettled, attempts: unsettled.attempts + 1, updatedAt: now };
  try {
    const response = await replayable.run(settlingDeps, request, call);
    if (!replayable.isFinal(response)) {
      call.logger.info({ attempts: next.attempts }, 'outcome still unknown; will ask again');
      await deps.store.unsettled.update({ ...next, dueAt: now + backoffMs(next.attempts) }, settings.retentionMs);
      return 'pending';
    }
    const body = Buffer.from(toBinary(replayable.responseSchema, response)).toString('base64');
    await deps.store.unsettled.update({ ...next, state: 'settled', response: body }, settings.retentionMs);
    call.logger.info({ attempts: next.attempts }, 'unknown outcome settled');
    return 'settled';
  } catch (error) {
    if (isTenderError(error) && TRANSIENT.has(error.code)) {
      call.logger.warn({ err: error, attempts: next.attempts }, 'unknown outcome not settled yet; will try again');
      await deps.store.unsettled.update({ ...next, dueAt: now + backoffMs(next.attempts) }, settings.retentionMs);
      return 'pending';
    }
    return abandon(settings, call, next, isTenderError(error) ? `${error.code}: ${error.message}` : 'internal error', error);
  }
}

async function abandon(
  settings: SettleSettings, call: CallContext, unsettled: UnsettledCall, why: string, error?: unknown,
): Promise<SettleResult> {
  call.logger.error({ err: error, why }, 'unknown outcome cannot be settled by Tender: a person must check it with the processor');
  await settings.deps.store.unsettled.update({ ...unsettled, state: 'abandoned', updatedAt: Date.now() }, settings.retentionMs);
  await audit(settings.deps, call, { id: unsettled.accountId }, 'reconcile.abandoned', {
    ref: unsettled.ref, method: unsettled.method, attempts: unsettled.attempts, why,
  });
  return 'abandoned';
}

const BACKOFF_MS = [5_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000];

/** Wait before the next attempt after `attempts` attempts: quick at first, then every 15 minutes. */
export function backoffMs(attempts: number): number {
  return BACKOFF_MS[attempts - 1] ?? 900_000;
}
