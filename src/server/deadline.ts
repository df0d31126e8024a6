import * as grpc from '@grpc/grpc-js';
import { TenderError } from '../core/errors.js';
import type { CallStage, CallState } from './pipeline.js';
import { RpcStatusError } from './status.js';

/**
 * Turns the gRPC deadline and client cancellation into the handler's AbortSignal.
 * grpc-js already answers DEADLINE_EXCEEDED at the deadline; this stage makes the
 * handler stop too, and keeps the call's recorded outcome truthful: once the deadline
 * has passed or the client has cancelled, whatever the handler returns or throws, the
 * outcome is that (the client has gone or been told the deadline passed).
 *
 * The signal, its AbortController and its timer are made only when the handler reads
 * the signal: most calls (an idempotent replay, a lookup) never do, and making them
 * on every call was a measurable share of a replay's cost. The outcome does not depend
 * on it: after the handler, the clock and the client's cancellation are read directly.
 */
export const deadlineStage: CallStage = async (call, next) => {
  const deadlineMs = call.deadline?.getTime();
  if (deadlineMs !== undefined && deadlineMs <= Date.now()) throw deadlineExceeded();

  const watch = new CallWatch(call, deadlineMs);
  call.signalOnDemand(() => watch.signal());
  try {
    const result = await next();
    const reason = watch.abortReason();
    if (reason !== undefined) throw reason;
    return result;
  } catch (error) {
    throw watch.abortReason() ?? error;
  } finally {
    watch.dispose();
  }
};

const MAX_TIMER_MS = 2 ** 31 - 1;

/** One call's deadline and cancellation, as a signal on demand and as an outcome. */
class CallWatch {
  private controller?: AbortController;
  private timer?: NodeJS.Timeout;
  private onCancel?: () => void;
  private reason?: Error;

  constructor(
    private readonly call: CallState,
    private readonly deadlineMs: number | undefined,
  ) {}

  /** Fires when the client cancels or the deadline passes, with the matching error. */
  signal(): AbortSignal {
    if (this.controller) return this.controller.signal;
    const controller = (this.controller = new AbortController());
    const clientCancelled = this.call.cancelled;
    const onCancel = () => controller.abort(cancelledByClient());
    if (clientCancelled.aborted) onCancel();
    else {
      clientCancelled.addEventListener('abort', onCancel, { once: true });
      this.onCancel = onCancel;
    }
    if (this.deadlineMs !== undefined && !controller.signal.aborted) {
      const remaining = this.deadlineMs - Date.now();
      // Node fires timers longer than 2^31-1 ms at once; a deadline that far off is none.
      if (remaining <= MAX_TIMER_MS) this.timer = setTimeout(() => controller.abort(deadlineExceeded()), remaining);
    }
    return controller.signal;
  }

  /**
   * Why the call must end as aborted, if it must: the signal's reason once it fired,
   * else a deadline that has passed, else a cancellation by the client. Once given,
   * the same reason every time.
   */
  abortReason(): Error | undefined {
    if (this.reason === undefined) {
      if (this.controller?.signal.aborted) this.reason = this.controller.signal.reason as Error;
      else if (this.deadlineMs !== undefined && this.deadlineMs <= Date.now()) this.reason = deadlineExceeded();
      else if (this.call.isCancelled()) this.reason = cancelledByClient();
    }
    return this.reason;
  }

  dispose(): void {
    clearTimeout(this.timer);
    if (this.onCancel) this.call.cancelled.removeEventListener('abort', this.onCancel);
  }
}

function cancelledByClient(): RpcStatusError {
  return new RpcStatusError(grpc.status.CANCELLED, 'call cancelled by the client');
}

function deadlineExceeded(): TenderError {
  return new TenderError('deadline_exceeded', 'deadline exceeded');
}

/** grpc-js reports "no deadline" as Infinity; Tender uses undefined. */
export function deadlineOf(deadline: grpc.Deadline): Date | undefined {
  if (deadline instanceof Date) return deadline;
  return Number.isFinite(deadline) ? new Date(deadline) : undefined;
}
