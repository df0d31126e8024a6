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
 *
 * This runs on every call, so the per-call objects are class instances with their
 * accessors on the prototype (an object literal with a getter, or a spread copy, is
 * built property by property each time), and what most calls never use (loggers, abort
 * signals) is made on first read.
 */

/** What the transport knows about a call before any stage runs. */
export interface IncomingCall {
  /** "tender.v1.PaymentService/Charge". */
  method: string;
  metadata: grpc.Metadata;
  request: Message;
  deadline: Date | undefined;
  /**
   * Aborted when the client cancels (or the transport drops the call). The bridge makes
   * it on first read: most calls end without anything watching it.
   */
  readonly cancelled: AbortSignal;
  /** True once the client has cancelled; answers without making `cancelled`. */
  isCancelled(): boolean;
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
  /**
   * The handler's signal. Starts as `cancelled`; the deadline stage narrows it to fire
   * at the deadline too (signalOnDemand). Stages read it only to hand it on: reading
   * may make it.
   */
  signal: AbortSignal;
  /** Makes `signal` with `make` when it is first read, not before (deadline.ts). */
  signalOnDemand(make: () => AbortSignal): void;
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
    const state = new PipelineCall(incoming, requestId, logger);
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

class PipelineCall implements CallState {
  readonly method: string;
  readonly metadata: grpc.Metadata;
  readonly request: Message;
  readonly deadline: Date | undefined;
  principal?: Principal;
  private callLogger?: Logger;
  private signalMade?: AbortSignal;
  private makeSignal?: () => AbortSignal;

  constructor(
    private readonly incoming: IncomingCall,
    readonly requestId: string,
    private readonly processLogger: Logger,
  ) {
    this.method = incoming.method;
    this.metadata = incoming.metadata;
    this.request = incoming.request;
    this.deadline = incoming.deadline;
  }

  get cancelled(): AbortSignal {
    return this.incoming.cancelled;
  }

  isCancelled(): boolean {
    return this.incoming.isCancelled();
  }

  setHeader(key: string, value: string): void {
    this.incoming.setHeader(key, value);
  }

  get logger(): Logger {
    return (this.callLogger ??= this.processLogger.child({ method: this.method, requestId: this.requestId }));
  }

  get signal(): AbortSignal {
    return (this.signalMade ??= this.makeSignal ? this.makeSignal() : this.incoming.cancelled);
  }

  set signal(signal: AbortSignal) {
    this.signalMade = signal;
  }

  signalOnDemand(make: () => AbortSignal): void {
    this.signalMade = undefined;
    this.makeSignal = make;
  }
}

/**
 * The handler's view of the call. A call without a principal never reaches a handler:
 * if the pipeline was assembled without authentication, it fails closed.
 */
function contextOf(state: CallState, logger: Logger): CallContext {
  const { principal } = state;
  if (!principal) throw new TenderError('internal', 'call pipeline has no authentication stage');
  return new HandlerContext(state, principal, logger);
}

class HandlerContext implements CallContext {
  readonly method: string;
  readonly deadline: Date | undefined;
  readonly requestId: string;
  private handlerLogger?: Logger;

  constructor(
    private readonly state: CallState,
    readonly principal: Principal,
    private readonly processLogger: Logger,
  ) {
    this.method = state.method;
    this.deadline = state.deadline;
    this.requestId = state.requestId;
  }

  /** Read from the call when the handler asks: the deadline stage makes it then. */
  get signal(): AbortSignal {
    return this.state.signal;
  }

  /** One child with all three bindings, made only if the handler logs. */
  get logger(): Logger {
    return (this.handlerLogger ??= this.processLogger.child({
      method: this.method, requestId: this.requestId, tenant: this.principal.tenant,
    }));
  }

  setHeader(key: string, value: string): void {
    this.state.setHeader(key, value);
  }
}
