import { toBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import type { LimitTicket } from '../limits/decline-limiter.js';
import type { CallContext } from '../server/call-context.js';
import type { Store } from '../store/types.js';
import { unsettledRef } from './unsettled-ref.js';

export interface UnknownOutcome<S extends DescMessage> {
  accountId: string;
  idempotencyKey: string;
  requestSchema: S;
  request: MessageShape<S>;
  /** The decline-limit reservation the call held, when it held one. */
  limitTicket?: LimitTicket;
}

/** How soon the reconciler first looks at a new unknown outcome. */
export const FIRST_SETTLE_DELAY_MS = 2_000;

/**
 * Puts a call whose outcome is unknown on the reconciler's list (src/store/unsettled-
 * calls.ts) and returns its reference, which the caller gets as the payment's id. Runs
 * before the caller is answered: once the caller hears OUTCOME_UNKNOWN, Tender owns
 * finding out. If the list cannot be written the reference is still returned and the
 * error logged: the caller's own retry with the same key settles the call as before,
 * and GetPayment on the reference answers NOT_FOUND until then.
 */
export async function rememberUnknown<S extends DescMessage>(
  store: Store,
  retentionMs: number,
  call: CallContext,
  outcome: UnknownOutcome<S>,
): Promise<string> {
  const tenant = call.principal.tenant;
  const ref = unsettledRef(tenant, call.method, outcome.idempotencyKey);
  const now = Date.now();
  try {
    await store.unsettled.add({
      tenant, ref, accountId: outcome.accountId, method: call.method, idempotencyKey: outcome.idempotencyKey,
      request: Buffer.from(toBinary(outcome.requestSchema, outcome.request)).toString('base64'),
      ...(outcome.limitTicket ? { limitTicket: JSON.stringify(outcome.limitTicket) } : {}),
      createdAt: now, attempts: 0, dueAt: now + FIRST_SETTLE_DELAY_MS, state: 'pending', updatedAt: now,
    }, retentionMs);
  } catch (error) {
    call.logger.error({ err: error, ref }, 'unknown outcome could not be put on the reconciler list; a retry with the same key settles it');
  }
  return ref;
}
