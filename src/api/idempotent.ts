import { fromBinary, toBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import { TenderError, invalidField } from '../core/errors.js';
import { fingerprint } from '../core/fingerprint.js';
import type { MutationContext } from '../core/processor-port.js';
import { deriveProcessorKey } from '../core/processor-key.js';
import type { CallContext } from '../server/call-context.js';
import { withKnownEncoding } from '../server/known-encoding.js';
import { keepLease } from './lease-keeper.js';
import type { IdempotencyStore } from '../store/types.js';

export interface IdempotencySettings {
  store: IdempotencyStore;
  retentionMs: number;
  leaseMs: number;
}

/** What a mutating handler's work returns: the response and whether it is final. */
export interface Outcome<O> {
  response: O;
  /**
   * False when the processor's answer is not known yet (a timeout, a lost response).
   * Such a result is returned but not stored: a retry with the same key runs again and
   * re-sends under the same processor key, so the processor's own idempotency settles
   * the truth instead of Tender replaying "unknown" for a day.
   */
  final: boolean;
  /**
   * Writes that follow the call and need not precede storing its result (the audit
   * event, decline-limit counts). They run alongside that store write and the caller is
   * answered once all have landed: the same guarantees, one round trip to the store
   * instead of three. They report their own failures and must not reject.
   */
  meanwhile?: Promise<unknown>;
}

const KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * Runs a mutating RPC exactly once per (tenant, idempotency key), following Stripe and
 * draft-ietf-httpapi-idempotency-key-header: the same key and request replays the
 * stored response (declines included) with header "idempotent-replayed: true"; a
 * different request under the key is FAILED_PRECONDITION; a duplicate while the first
 * runs is ABORTED (safe to retry). The store is asked before any processor call, so a
 * store outage fails closed with UNAVAILABLE and nothing is charged. Failures are never
 * stored: nothing final happened, and a retry forwards the same processor key.
 */
export async function runIdempotent<S extends DescMessage>(
  settings: IdempotencySettings,
  call: CallContext,
  input: { key: string; request: unknown; responseSchema: S },
  work: (ctx: MutationContext) => Promise<Outcome<MessageShape<S>>>,
): Promise<MessageShape<S>> {
  if (input.key === '') throw invalidField('idempotency_key', 'required for this call');
  if (!KEY.test(input.key)) throw invalidField('idempotency_key', 'must be 1-255 printable ASCII characters');
  const scope = call.principal.tenant;
  const print = fingerprint(call.method, input.request);
  const begun = await settings.store.begin(scope, input.key, print, settings.leaseMs);

  switch (begun.state) {
    case 'in_flight':
      throw new TenderError('aborted', 'idempotency_key: a request with this key is still running; retry with the same key', { field: 'idempotency_key' });
    case 'mismatch':
      throw new TenderError('failed_precondition', 'idempotency_key: already used with a different request', { field: 'idempotency_key' });
    case 'replay': {
      const outcome = begun.record.outcome;
      call.setHeader('idempotent-replayed', 'true');
      if (outcome.kind === 'error') {
        throw new TenderError(outcome.code as TenderError['code'], outcome.message, { field: outcome.field });
      }
      // Sent as stored: the bridge need not encode again what it just decoded.
      const stored = Buffer.from(outcome.body, 'base64');
      return withKnownEncoding(fromBinary(input.responseSchema, stored), stored);
    }
    case 'acquired':
      break;
  }

  const ctx: MutationContext = {
    processorIdempotencyKey: deriveProcessorKey(scope, call.method, input.key),
  };
  const stopRenewing = keepLease({
    store: settings.store, scope, key: input.key, token: begun.token, leaseMs: settings.leaseMs, logger: call.logger,
  });
  let outcome: Outcome<MessageShape<S>>;
  try {
    outcome = await work(ctx);
  } catch (error) {
    stopRenewing();
    await settings.store.release(scope, input.key, begun.token).catch((releaseError: unknown) => {
      call.logger.warn({ err: releaseError }, 'idempotency release failed; the lease will expire');
    });
    throw error;
  }
  stopRenewing();
  await Promise.all([
    remember(settings, call, scope, input.key, begun.token, print, input.responseSchema, outcome),
    outcome.meanwhile,
  ]);
  return outcome.response;
}

async function remember<S extends DescMessage>(
  settings: IdempotencySettings,
  call: CallContext,
  scope: string,
  key: string,
  token: string,
  print: string,
  schema: S,
  outcome: Outcome<MessageShape<S>>,
): Promise<void> {
  try {
    if (!outcome.final) {
      await settings.store.release(scope, key, token);
      return;
    }
    // Encoded once: these bytes are stored, and the bridge sends them as they are.
    const bytes = toBinary(schema, outcome.response);
    withKnownEncoding(outcome.response, bytes);
    const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
    const kept = await settings.store.complete(
      scope, key, token,
      { fingerprint: print, outcome: { kind: 'response', body }, completedAt: Date.now() },
      settings.retentionMs,
    );
    if (!kept) call.logger.warn('idempotency lease was lost before the result was stored');
  } catch (error) {
    // The money already moved: answer the caller. A retry re-sends under the same
    // processor key and the processor replays its own result.
    call.logger.error({ err: error }, 'idempotency result could not be stored');
  }
}
