import * as grpc from '@grpc/grpc-js';
import { TenderError } from '../core/errors.js';
import type { CallStage } from './pipeline.js';
import { RpcStatusError } from './status.js';

/**
 * Turns the gRPC deadline and client cancellation into the handler's AbortSignal.
 * grpc-js already answers DEADLINE_EXCEEDED at the deadline; this stage makes the
 * handler stop too, and keeps the call's recorded outcome truthful: once the signal
 * has fired, whatever the handler returns or throws, the outcome is the abort reason
 * (the client has gone or been told the deadline passed).
 */
export const deadlineStage: CallStage = async (call, next) => {
  const { deadline } = call;
  if (deadline !== undefined && deadline.getTime() <= Date.now()) throw deadlineExceeded();

  const controller = new AbortController();
  const clientCancelled = call.signal;
  const onCancel = () => controller.abort(new RpcStatusError(grpc.status.CANCELLED, 'call cancelled by the client'));
  if (clientCancelled.aborted) onCancel();
  else clientCancelled.addEventListener('abort', onCancel, { once: true });
  const remaining = deadline === undefined ? Infinity : deadline.getTime() - Date.now();
  // Node fires timers longer than 2^31-1 ms at once; a deadline that far off is none.
  const timer = remaining <= MAX_TIMER_MS ? setTimeout(() => controller.abort(deadlineExceeded()), remaining) : undefined;
  call.signal = controller.signal;

  try {
    const result = await next();
    if (controller.signal.aborted) throw controller.signal.reason;
    return result;
  } catch (error) {
    throw controller.signal.aborted ? controller.signal.reason : error;
  } finally {
    clearTimeout(timer);
    clientCancelled.removeEventListener('abort', onCancel);
  }
};

const MAX_TIMER_MS = 2 ** 31 - 1;

function deadlineExceeded(): TenderError {
  return new TenderError('deadline_exceeded', 'deadline exceeded');
}

/** grpc-js reports "no deadline" as Infinity; Tender uses undefined. */
export function deadlineOf(deadline: grpc.Deadline): Date | undefined {
  if (deadline instanceof Date) return deadline;
  return Number.isFinite(deadline) ? new Date(deadline) : undefined;
}
