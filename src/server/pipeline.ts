import { randomUUID } from 'node:crypto';
import type { Message } from '@bufbuild/protobuf';
import type * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { TenderError } from '../core/errors.js';
import type { CallContext, Principal } from './call-context.js';

/**
 * The call pipeline: what runs around every RPC handler, as plain composed functions
 * in the manner of interceptors. Each stage gets the call's state and a `next` that
 * runs the rest; it may refuse the call by throwing, or look at the outcome.
 * createCallPipeline (server/standard-pipeline.ts) fixes the order.
 */

/** What the transport knows about a call before any stage runs. */
export interface IncomingCall {
  /** "tender.v1.PaymentService/Charge". */
  method: string;
  metadata: grpc.Metadata;
  request: Message;
  deadline: Date | undefined;
  /** Aborted when the client cancels (or the transport drops the call). */
  cancelled: AbortSignal;
  setHeader(key: string, value: string): void;
}

/** The call as the stages see it; stages fill in what later ones and the handler need. */
export interface CallState extends IncomingCall {
  requestId: string;
  /**
   * Bound to method and requestId; made on first use, since a child logger costs
   * microseconds on every call and most calls log nothing but the call's own line,
   * which the logging stage writes with those fields itself (call-logging.ts).
   */
  readonly logger: Logger;
  /** Set by the authentication stage. */
  principal?: Principal;
  /** Starts as `cancelled`; the deadline stage narrows it to fire at the deadline too. */
  signal: AbortSignal;
}

export type CallStage = (call: CallState, next: () => Promise<unknown>) => Promise<unknown>;

/** Runs a call through the stages and then the handler, resolving to its result. */
export type CallPipeline = <O>(incoming: IncomingCall, handler: (context: CallContext) => Promise<O>) => Promise<O>;

export const REQUEST_ID_HEADER = 'x-request-id';
/** A caller's request id is echoed only if it is short and plain, to keep logs clean. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function composePipeline(logger: Logger, stages: readonly CallStage[]): CallPipeline {
  return async <O>(incoming: IncomingCall, handler: (context: CallContext) => Promise<O>): Promise<O> => {
    const requestId = requestIdOf(incoming.metadata);
    incoming.setHeader(REQUEST_ID_HEADER, requestId);
    let callLogger: Logger | undefined;
    const state: CallState = {
      ...incoming,
      requestId,
      get logger() {
        return (callLogger ??= logger.child({ method: incoming.method, requestId }));
      },
      signal: incoming.cancelled,
    };
    const run = (index: number): Promise<unknown> => {
      const stage = stages[index];
      return stage ? stage(state, () => run(index + 1)) : handler(contextOf(state, logger));
    };
    return (await run(0)) as O;
  };
}

function requestIdOf(metadata: grpc.Metadata): string {
  const [sent] = metadata.get(REQUEST_ID_HEADER);
  return typeof sent === 'string' && SANE_REQUEST_ID.test(sent) ? sent : randomUUID();
}

/**
 * The handler's view of the call. A call without a principal never reaches a handler:
 * if the pipeline was assembled without authentication, it fails closed.
 */
function contextOf(state: CallState, logger: Logger): CallContext {
  const { principal, method, requestId } = state;
  if (!principal) throw new TenderError('internal', 'call pipeline has no authentication stage');
  let handlerLogger: Logger | undefined;
  return {
    method,
    principal,
    signal: state.signal,
    deadline: state.deadline,
    requestId,
    // One child with all three bindings, made only if the handler logs.
    get logger() {
      return (handlerLogger ??= logger.child({ method, requestId, tenant: principal.tenant }));
    },
    setHeader: state.setHeader,
  };
}
