import { performance } from 'node:perf_hooks';
import * as grpc from '@grpc/grpc-js';
import type { CallStage } from './pipeline.js';
import { statusCodeOf } from './status.js';

/** Statuses that point at the server or its dependencies rather than the caller. */
const SERVER_FAULTS: ReadonlySet<grpc.status> = new Set([
  grpc.status.INTERNAL,
  grpc.status.UNKNOWN,
  grpc.status.DATA_LOSS,
  grpc.status.UNAVAILABLE,
]);

/**
 * One structured line per call: method and request id (bound on the logger), tenant,
 * key id, status and duration. Never the request, the response or metadata values:
 * those may carry keys and personal data, and the audit trail lives in the event log.
 */
export const callLoggingStage: CallStage = async (call, next) => {
  const started = performance.now();
  let code = grpc.status.OK;
  try {
    return await next();
  } catch (error) {
    code = statusCodeOf(error);
    throw error;
  } finally {
    const line = {
      tenant: call.principal?.tenant,
      keyId: call.principal?.keyId,
      code: grpc.status[code],
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    };
    if (SERVER_FAULTS.has(code)) call.logger.error(line, 'call finished');
    else call.logger.info(line, 'call finished');
  }
};
