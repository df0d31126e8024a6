import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessorName } from '../../src/core/types.js';
import { PaymentStatus } from '../../src/gen/tender/v1/common_pb.js';
import { testRedisUrl } from '../setup/redis-env.js';
import { callOptions, chargeRequest, grpcStatusName } from './charges.js';
import { killAllChildren } from './child-process.js';
import { removeDeploymentKeys } from './redis-footprint.js';
import { delayNextCharge, paymentCount, startSandboxProcess, waitFor, type SandboxProcess } from './sandbox-processes.js';
import { startTenderProcess, writeDeployment, type Deployment, type TenderProcess } from './tender-process.js';

/**
 * A processor that answers after the adapter's timeout: the money may have moved, so
 * the caller must hear "outcome unknown", never "declined" (payments-domain.md,
 * "Timeouts are not declines"). Tender stores no result for an unknown outcome, so a
 * retry with the same key runs again under the same processor key and reports the one
 * payment the processor made.
 */
const PROCESSORS: readonly ProcessorName[] = ['stripe', 'braintree', 'adyen'];
const TIMEOUT_MS = 500;
const HELD_MS = 1_500;

let dir: string;
let deployment: Deployment;
let tender: TenderProcess;
const sandboxes = new Map<ProcessorName, SandboxProcess>();
const usedKeys: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tender-mp-timeout-'));
  for (const processor of PROCESSORS) sandboxes.set(processor, await startSandboxProcess(processor, dir));
  deployment = await writeDeployment(dir, {
    redisUrl: testRedisUrl(), sandboxes: [...sandboxes.values()], leaseSeconds: 30, account: { timeoutMs: TIMEOUT_MS },
  });
  tender = await startTenderProcess('tender', deployment);
});

afterAll(async () => {
  await killAllChildren();
  if (deployment) await removeDeploymentKeys(testRedisUrl(), deployment, usedKeys);
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a processor slower than the adapter timeout', () => {
  it.each(PROCESSORS)('%s: the caller hears outcome unknown, and a retry with the key reports the one payment', async (processor) => {
    const sandbox = sandboxes.get(processor)!;
    const before = await paymentCount(sandbox);
    const key = `mp-timeout-${randomUUID()}`;
    usedKeys.push(key);
    const request = chargeRequest(deployment, processor, key);
    await delayNextCharge(sandbox, HELD_MS);

    const started = Date.now();
    const first = await tender.payments.charge(request, callOptions(deployment));
    expect(first.response.payment?.status).toBe(PaymentStatus.OUTCOME_UNKNOWN);
    expect(first.response.payment?.decline).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(HELD_MS);

    // Retried at once, while the processor still holds the charge: still not known,
    // or refused as in flight; never declined, never a second payment.
    const early = await tender.payments.charge(request, callOptions(deployment)).then(
      ({ response }) => PaymentStatus[response.payment?.status ?? PaymentStatus.UNSPECIFIED],
      (error: unknown) => grpcStatusName(error),
    );
    expect([PaymentStatus[PaymentStatus.OUTCOME_UNKNOWN], grpc.status[grpc.status.ABORTED]]).toContain(early);

    await waitFor(`${processor} to finish the held charge`, 5_000, async () => (await paymentCount(sandbox)) > before);
    const settled = await tender.payments.charge(request, callOptions(deployment));
    expect(settled.response.payment?.status).toBe(PaymentStatus.SUCCEEDED);
    expect(settled.response.payment?.id).toMatch(new RegExp(`^${deployment.accounts[processor]}:.+`));
    const replay = await tender.payments.charge(request, callOptions(deployment));
    expect(replay.headers.get('idempotent-replayed')).toEqual(['true']);
    expect(replay.response.payment?.id).toBe(settled.response.payment?.id);
    expect(await paymentCount(sandbox)).toBe(before + 1);
  });
});
