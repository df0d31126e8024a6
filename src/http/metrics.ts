import { performance } from 'node:perf_hooks';
import * as grpc from '@grpc/grpc-js';
import type { PaymentStatus } from '../core/types.js';
import { RECONCILER_KEY_ID } from '../reconcile/system-call.js';
import type { CallStage } from '../server/pipeline.js';
import { statusCodeOf } from '../server/status.js';
import type { EventLog, Store } from '../store/types.js';
import { createCounter, createHistogram, EXPOSITION_CONTENT_TYPE, renderMetrics } from './exposition.js';
import type { Route } from './server.js';

/**
 * What Tender exports on GET /metrics, per process:
 * - tender_rpc_calls_total{method,code}: every call, refused ones included, with the
 *   status the client saw;
 * - tender_rpc_duration_seconds{method}: how long calls took inside the server;
 * - tender_payments_total{status}: charges and invoice payments sent to a processor, by
 *   resulting neutral status (outcome_unknown when no answer came);
 * - tender_unknown_outcomes_total{result}: unknown outcomes the reconciler settled
 *   (`settled`) or left to a person (`abandoned`, worth an alert; src/reconcile/).
 * Labels are bounded by construction: methods are the served ones (grpc-js refuses any
 * other path before the pipeline), codes are gRPC's, statuses are the domain's. Tenants
 * and keys are never labels: they would multiply series and publish who calls.
 */
export interface TenderMetrics {
  /** A gRPC observer stage (GrpcServerOptions.observers). */
  callStage: CallStage;
  /** The store the handlers get: the same store, with payment events counted. */
  countPaymentsIn(store: Store): Store;
  /** GET /metrics. */
  route: Route;
}

const PAYMENT_STATUSES: readonly PaymentStatus[] = [
  'succeeded', 'processing', 'requires_action', 'declined', 'outcome_unknown', 'canceled',
];
/** The event a call's unknown outcome leaves when Tender gives up on it (src/reconcile/settle-one.ts). */
const ABANDONED_EVENT = 'reconcile.abandoned';
/** The audit event each payment outcome leaves (src/api/services/charges.ts). */
const PAYMENT_EVENT = new Map<string, PaymentStatus>(PAYMENT_STATUSES.map((status) => [`payment.${status}`, status]));

export function createTenderMetrics(): TenderMetrics {
  const calls = createCounter('tender_rpc_calls_total', 'gRPC calls finished, by method and status code.', ['method', 'code']);
  const durations = createHistogram('tender_rpc_duration_seconds', 'gRPC call duration inside the server, by method.', ['method']);
  const payments = createCounter('tender_payments_total', 'Payments sent to a processor, by resulting status.', ['status']);
  // Every status is exported from the start, so a rate over a status that has not
  // happened yet reads 0 instead of no data.
  for (const status of PAYMENT_STATUSES) payments.inc({ status }, 0);
  const unknowns = createCounter('tender_unknown_outcomes_total', 'Unknown outcomes the reconciler settled or abandoned to a person.', ['result']);
  for (const result of ['settled', 'abandoned']) unknowns.inc({ result }, 0);

  const callStage: CallStage = async (call, next) => {
    const started = performance.now();
    let code = grpc.status.OK;
    try {
      return await next();
    } catch (error) {
      code = statusCodeOf(error);
      throw error;
    } finally {
      calls.inc({ method: call.method, code: grpc.status[code] ?? String(code) });
      durations.observe({ method: call.method }, (performance.now() - started) / 1000);
    }
  };

  /**
   * Payments are counted from their audit events rather than from responses: an event
   * is appended once per processor answer, while a response is also sent again to
   * every idempotent replay, which must not count as another payment. A payment counts
   * even if its event then fails to be written: the processor answered either way.
   */
  const countPayments = (events: EventLog): EventLog => ({
    append(event) {
      const status = PAYMENT_EVENT.get(event.type);
      if (status) payments.inc({ status });
      if (event.type === ABANDONED_EVENT) unknowns.inc({ result: 'abandoned' });
      else if (event.data.apiKeyId === RECONCILER_KEY_ID && !event.type.endsWith('.outcome_unknown')) unknowns.inc({ result: 'settled' });
      return events.append(event);
    },
    read: (tenant, options) => events.read(tenant, options),
  });

  return {
    callStage,
    // Stores are plain objects of closures (src/store/create-store.ts), so a spread
    // forwards every other member, including ones added later.
    countPaymentsIn: (store) => ({ ...store, events: countPayments(store.events) }),
    route: {
      method: 'GET',
      path: '/metrics',
      handle: () => ({
        status: 200,
        headers: { 'content-type': EXPOSITION_CONTENT_TYPE },
        body: renderMetrics([calls, durations, payments, unknowns]),
      }),
    },
  };
}
