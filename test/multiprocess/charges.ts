import * as grpc from '@grpc/grpc-js';
import type { ProcessorName } from '../../src/core/types.js';
import type { ChargeResponse } from '../../src/gen/tender/v1/payments_pb.js';
import { ADYEN_DEMO_SHOPPERS } from '../../src/sandboxes/adyen/index.js';
import type { Deployment, ProcessorAccount, TenderProcess } from './tender-process.js';

/** The demo customer each sandbox seeds with an approving default card. */
const APPROVED_CUSTOMER: Record<ProcessorName, string> = {
  stripe: 'cus_demo_jordan',
  braintree: 'demo_jordan',
  adyen: ADYEN_DEMO_SHOPPERS.jordan,
};

/** A charge of `amount` cents to the approving demo customer of `account`. */
export function chargeRequest(account: ProcessorAccount | undefined, key: string, amount = 1_250) {
  if (!account) throw new Error('the deployment has no such account');
  return {
    idempotencyKey: key,
    customerId: `${account.id}:${APPROVED_CUSTOMER[account.processor]}`,
    amount: { amount: BigInt(amount), currency: 'USD' },
    description: 'multi-process exactly-once test',
  };
}

/** Call options for the deployment's key; the deadline keeps a broken run from hanging. */
export const callOptions = (deployment: Deployment, deadlineMs = 15_000) => ({ apiKey: deployment.apiKey, deadlineMs });

export interface ChargeAnswer {
  response: ChargeResponse;
  replayed: boolean;
  /** ABORTED answers received before the result: the key was running elsewhere. */
  aborted: number;
}

/**
 * What a well-behaved caller does (payments.proto): send the charge, and while the
 * answer is ABORTED (the same key is still running), wait and send it again with the
 * same key. Any other failure is the caller's answer and is thrown.
 */
export async function chargeUntilAnswered(
  tender: TenderProcess,
  deployment: Deployment,
  request: ReturnType<typeof chargeRequest>,
  timeoutMs = 15_000,
): Promise<ChargeAnswer> {
  const deadline = Date.now() + timeoutMs;
  let aborted = 0;
  for (;;) {
    try {
      const { response, headers } = await tender.payments.charge(request, callOptions(deployment));
      return { response, replayed: headers.get('idempotent-replayed')[0] === 'true', aborted };
    } catch (error) {
      if (grpcCode(error) !== grpc.status.ABORTED || Date.now() > deadline) throw error;
      aborted += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** The gRPC status code of a failed call, or undefined for anything that is not a gRPC error. */
export function grpcCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** A failed call in one line ("INTERNAL: internal error (request id ...)"), for failure messages. */
export function describeCallError(error: unknown): string {
  const details = (error as { details?: unknown } | null)?.details;
  return `${grpcStatusName(error)}: ${typeof details === 'string' ? details : String(error)}`;
}

/** The status name of a failed call, for readable assertions ("UNAVAILABLE"). */
export function grpcStatusName(error: unknown): string {
  const code = grpcCode(error);
  return code === undefined ? `not a gRPC error: ${String(error)}` : (grpc.status[code] ?? String(code));
}
