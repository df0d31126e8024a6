import * as grpc from '@grpc/grpc-js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProcessorName } from '../../src/core/types.js';
import { PaymentStatus } from '../../src/gen/tender/v1/common_pb.js';
import {
  callOptions, chargeRequest, chargeUntilAnswered, describeCallError, grpcStatusName, type ChargeAnswer,
} from './charges.js';
import { delayNextCharge, paymentCount, waitFor, waitUntilChargeHeld } from './sandbox-processes.js';
import { LEASE_SECONDS, PROCESSORS, type TenderFleet } from './tender-fleet.js';
import type { TenderProcess } from './tender-process.js';

/** How long each sandbox holds the charge the doomed process sent. */
const HELD_MS = 1_500;

interface CrashOutcome {
  key: string;
  countBefore: number;
  /** What the other process answered at once, while the dead holder's lease lasted. */
  answerWhileLeaseHeld: string;
  retried: ChargeAnswer & { afterKillMs: number };
}

/**
 * A Tender process is SIGKILLed after it sent a charge and before it stored the result:
 * the charge is held at each sandbox (a delay fault), the process dies, the sandbox then
 * completes the charge. A retry with the same key on another process must end with the
 * one payment the processor made: the lease in Redis keeps the retry out while the dead
 * holder's lease lasts, then the processor's own fence (Stripe and Adyen: the forwarded
 * idempotency key; Braintree: the order id searched before selling, and its
 * api_request_key) finds the payment. Kills the fleet's last process: runs last.
 */
export function describeCrashRetry(current: () => TenderFleet): void {
  describe('a Tender process killed between sending a charge and storing its result', () => {
    const outcomes = new Map<ProcessorName, CrashOutcome>();
    let survivor: TenderProcess;

    beforeAll(async () => {
      const fleet = current();
      const victim = fleet.tenders.at(-1)!;
      survivor = fleet.tenders[0]!;
      const keys = new Map(PROCESSORS.map((processor) => [processor, fleet.newKey(`crash-${processor}`)]));
      const countsBefore = new Map<ProcessorName, number>();
      for (const [processor, sandbox] of fleet.sandboxes) {
        countsBefore.set(processor, await paymentCount(sandbox));
        await delayNextCharge(sandbox, HELD_MS);
      }
      const request = (processor: ProcessorName) => chargeRequest(fleet.deployment.accounts[processor], keys.get(processor)!);

      let killed = false;
      const doomed = PROCESSORS.map((processor) =>
        victim.payments.charge(request(processor), callOptions(fleet.deployment)).then(
          () => {
            if (!killed) throw new Error(`the ${processor} charge was answered before the kill`);
          },
          (error: unknown) => {
            if (!killed) throw new Error(`the ${processor} charge failed before the kill: ${describeCallError(error)}\n${victim.child.output().slice(-3_000)}`);
          },
        ));
      const answeredEarly = Promise.all(doomed);
      const held = Promise.all([...fleet.sandboxes.values()].map((sandbox) => waitUntilChargeHeld(sandbox)));
      // Whichever loses the race settles later, unobserved.
      for (const settling of [answeredEarly, held]) settling.catch(() => {});
      await Promise.race([held, answeredEarly]);
      killed = true;
      await victim.kill();
      const killedAt = Date.now();
      await answeredEarly;

      await Promise.all(PROCESSORS.map(async (processor) => {
        const answerWhileLeaseHeld = await survivor.payments.charge(request(processor), callOptions(fleet.deployment)).then(
          () => 'answered', (error: unknown) => grpcStatusName(error));
        const answer = await chargeUntilAnswered(survivor, fleet.deployment, request(processor), 15_000);
        outcomes.set(processor, {
          key: keys.get(processor)!, countBefore: countsBefore.get(processor)!, answerWhileLeaseHeld,
          retried: { ...answer, afterKillMs: Date.now() - killedAt },
        });
      }));
    }, 40_000);

    it.each(PROCESSORS)('%s: a retry on another process reports the one payment the processor made', async (processor) => {
      const { sandboxes, deployment } = current();
      const sandbox = sandboxes.get(processor)!;
      const { key, countBefore, answerWhileLeaseHeld, retried } = outcomes.get(processor)!;
      // The held charge completed at the processor although its sender died.
      await waitFor(`${processor} to complete the held charge`, 5_000, async () => (await paymentCount(sandbox)) > countBefore);

      expect(answerWhileLeaseHeld).toBe(grpc.status[grpc.status.ABORTED]);
      expect(retried.response.payment?.status).toBe(PaymentStatus.SUCCEEDED);
      expect(retried.response.payment?.id).toMatch(new RegExp(`^${deployment.accounts[processor]!.id}:.+`));
      expect(retried.replayed).toBe(false);
      // Held out until the dead holder's lease expired, not a moment after the kill...
      expect(retried.aborted).toBeGreaterThan(0);
      // ...and not stuck either: the key frees itself when that lease runs out.
      expect(retried.afterKillMs).toBeLessThan(LEASE_SECONDS * 1_000 + 2_000);
      expect(await paymentCount(sandbox)).toBe(countBefore + 1);

      // Stored now: the next retry replays it, still one payment.
      const again = await chargeUntilAnswered(survivor, deployment, chargeRequest(deployment.accounts[processor], key));
      expect(again.replayed).toBe(true);
      expect(again.response.payment?.id).toBe(retried.response.payment?.id);
      const read = await survivor.payments.getPayment({ paymentId: retried.response.payment!.id }, callOptions(deployment));
      expect(read.response.payment?.status).toBe(PaymentStatus.SUCCEEDED);
      expect(await paymentCount(sandbox)).toBe(countBefore + 1);
    });
  });
}
