import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessorName } from '../../src/core/types.js';
import { PaymentStatus } from '../../src/gen/tender/v1/common_pb.js';
import { testRedisUrl } from '../setup/redis-env.js';
import { callOptions, chargeRequest, chargeUntilAnswered, grpcStatusName, type ChargeAnswer } from './charges.js';
import { killAllChildren } from './child-process.js';
import { removeDeploymentKeys } from './redis-footprint.js';
import {
  delayNextCharge, paymentCount, startSandboxProcess, waitFor, waitUntilChargeHeld, type SandboxProcess,
} from './sandbox-processes.js';
import { startTenderProcess, writeDeployment, type Deployment, type TenderProcess } from './tender-process.js';

/**
 * A Tender process is SIGKILLed after it sent a charge and before it stored the result:
 * the charge is held at each sandbox (a delay fault), the process dies, the sandbox then
 * completes the charge. A retry with the same key on another process must end with the
 * one payment the processor made: the lease in Redis keeps the retry out while the dead
 * holder's lease lasts, then the processor's own fence (Stripe and Adyen: the forwarded
 * idempotency key; Braintree: the order id searched before selling) finds the payment.
 */
const PROCESSORS: readonly ProcessorName[] = ['stripe', 'braintree', 'adyen'];
const LEASE_SECONDS = 5;
const HELD_MS = 1_500;

let dir: string;
let deployment: Deployment;
const sandboxes = new Map<ProcessorName, SandboxProcess>();
let survivor: TenderProcess;
const keys = new Map<ProcessorName, string>();
const countsBefore = new Map<ProcessorName, number>();
const abortedWhileLeaseHeld = new Map<ProcessorName, string>();
const retried = new Map<ProcessorName, ChargeAnswer & { afterKillMs: number }>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tender-mp-crash-'));
  for (const processor of PROCESSORS) sandboxes.set(processor, await startSandboxProcess(processor, dir));
  deployment = await writeDeployment(dir, {
    redisUrl: testRedisUrl(), sandboxes: [...sandboxes.values()], leaseSeconds: LEASE_SECONDS,
  });
  const [victim, other] = await Promise.all([
    startTenderProcess('tender-victim', deployment),
    startTenderProcess('tender-survivor', deployment),
  ]);
  survivor = other!;

  // One charge per processor on the victim, each held at its sandbox.
  for (const [processor, sandbox] of sandboxes) {
    keys.set(processor, `mp-crash-${randomUUID()}`);
    countsBefore.set(processor, await paymentCount(sandbox));
    await delayNextCharge(sandbox, HELD_MS);
  }
  const doomed = PROCESSORS.map((processor) =>
    victim!.payments.charge(chargeRequest(deployment, processor, keys.get(processor)!), callOptions(deployment)).catch(() => undefined));
  await Promise.all([...sandboxes.values()].map((sandbox) => waitUntilChargeHeld(sandbox)));
  await victim!.kill();
  const killedAt = Date.now();
  await Promise.all(doomed);

  await Promise.all(PROCESSORS.map(async (processor) => {
    const request = chargeRequest(deployment, processor, keys.get(processor)!);
    // At once: the dead process's lease still holds the key.
    abortedWhileLeaseHeld.set(processor, await survivor.payments.charge(request, callOptions(deployment)).then(
      () => 'answered', (error: unknown) => grpcStatusName(error)));
    const answer = await chargeUntilAnswered(survivor, deployment, request, 15_000);
    retried.set(processor, { ...answer, afterKillMs: Date.now() - killedAt });
  }));
}, 60_000);

afterAll(async () => {
  await killAllChildren();
  if (deployment) await removeDeploymentKeys(testRedisUrl(), deployment, keys.values());
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a Tender process killed between sending a charge and storing its result', () => {
  it.each(PROCESSORS)('%s: a retry on another process reports the one payment the processor made', async (processor) => {
    const sandbox = sandboxes.get(processor)!;
    const before = countsBefore.get(processor)!;
    // The held charge completed at the processor although its sender died.
    await waitFor(`${processor} to complete the held charge`, 5_000, async () => (await paymentCount(sandbox)) > before);

    expect(abortedWhileLeaseHeld.get(processor)).toBe(grpc.status[grpc.status.ABORTED]);
    const answer = retried.get(processor)!;
    expect(answer.response.payment?.status).toBe(PaymentStatus.SUCCEEDED);
    expect(answer.response.payment?.id).toMatch(new RegExp(`^${deployment.accounts[processor]}:.+`));
    expect(answer.replayed).toBe(false);
    // Held out until the dead holder's lease expired, not a moment after the kill.
    expect(answer.aborted).toBeGreaterThan(0);
    // ...and not stuck either: the key frees itself when that lease runs out.
    expect(answer.afterKillMs).toBeLessThan(LEASE_SECONDS * 1_000 + 2_000);
    expect(await paymentCount(sandbox)).toBe(before + 1);

    // Stored now: the next retry replays it, still one payment.
    const again = await chargeUntilAnswered(survivor, deployment, chargeRequest(deployment, processor, keys.get(processor)!));
    expect(again.replayed).toBe(true);
    expect(again.response.payment?.id).toBe(answer.response.payment?.id);
    const read = await survivor.payments.getPayment({ paymentId: answer.response.payment!.id }, callOptions(deployment));
    expect(read.response.payment?.status).toBe(PaymentStatus.SUCCEEDED);
    expect(await paymentCount(sandbox)).toBe(before + 1);
  });
});
