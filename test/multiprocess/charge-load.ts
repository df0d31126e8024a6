import { randomUUID } from 'node:crypto';
import { PaymentStatus } from '../../src/gen/tender/v1/common_pb.js';
import { callOptions, chargeRequest, grpcStatusName } from './charges.js';
import type { Deployment, TenderProcess } from './tender-process.js';

/** One charge of a load run: when it ran and what the caller heard. */
export interface ChargeResult {
  key: string;
  startedAt: number;
  endedAt: number;
  /** The payment status ("SUCCEEDED") or the gRPC status of the failure ("UNAVAILABLE"). */
  outcome: string;
  paymentId?: string;
}

export interface ChargeLoad {
  readonly results: readonly ChargeResult[];
  /** Stops issuing charges and resolves once those in flight have answered. */
  stop(): Promise<ChargeResult[]>;
}

/**
 * Fresh charges on the deployment's "stripe" account (a new key each) from `workers` callers in a loop, each pausing
 * `pauseMs` between calls so that fast failures do not turn into a busy loop.
 */
export function startChargeLoad(tender: TenderProcess, deployment: Deployment, workers = 4, pauseMs = 15): ChargeLoad {
  const results: ChargeResult[] = [];
  let running = true;
  const worker = async (): Promise<void> => {
    while (running) {
      const key = `mp-load-${randomUUID()}`;
      const startedAt = Date.now();
      const outcome = await tender.payments.charge(chargeRequest(deployment.accounts['stripe'], key), callOptions(deployment, 10_000)).then(
        ({ response }) => ({ outcome: PaymentStatus[response.payment?.status ?? PaymentStatus.UNSPECIFIED], paymentId: response.payment?.id }),
        (error: unknown) => ({ outcome: grpcStatusName(error) }),
      );
      results.push({ key, startedAt, endedAt: Date.now(), ...outcome });
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  };
  const done = Promise.all(Array.from({ length: workers }, worker));
  return {
    results,
    async stop() {
      running = false;
      await done;
      return results;
    },
  };
}
