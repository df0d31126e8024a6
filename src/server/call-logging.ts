import { performance } from 'node:perf_hooks';
import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
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
 * One structured line per call: method, request id, tenant, key id, status and
 * duration. Never the request, the response or metadata values: those may carry keys
 * and personal data, and the audit trail lives in the event log. The line names method
 * and request id as fields of the process logger, the same line a child logger bound
 * to them would write, without making that child on every call.
 */
export function callLoggingStage(logger: Logger): CallStage {
  return async (call, next) => {
    const started = performance.now();
    let code = grpc.status.OK;
    try {
      return await next();
    } catch (error) {
      code = statusCodeOf(error);
      throw error;
    } finally {
      const line = {
        method: call.method,
        requestId: call.requestId,
        tenant: call.principal?.tenant,
        keyId: call.principal?.keyId,
        code: grpc.status[code],
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      };
      if (SERVER_FAULTS.has(code)) logger.error(line, 'call finished');
      else logger.info(line, 'call finished');
    }
  };
}
