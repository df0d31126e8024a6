import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentStatus } from '../../src/gen/tender/v1/common_pb.js';
import { testRedisUrl } from '../setup/redis-env.js';
import { chargeRequest, chargeUntilAnswered } from './charges.js';
import { killAllChildren } from './child-process.js';
import { removeDeploymentKeys } from './redis-footprint.js';
import { delayNextCharge, paymentCount, startSandboxProcess, type SandboxProcess } from './sandbox-processes.js';
import { startTenderProcess, writeDeployment, type Deployment, type TenderProcess } from './tender-process.js';

/**
 * Three Tender processes on one Redis behave as one service: whichever instance a
 * duplicate lands on, the idempotency lease in Redis lets exactly one of them charge,
 * the others answer ABORTED until the result is stored, then replay it.
 */
let dir: string;
let stripe: SandboxProcess;
let deployment: Deployment;
let tenders: TenderProcess[];
const usedKeys: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tender-mp-once-'));
  stripe = await startSandboxProcess('stripe', dir);
  deployment = await writeDeployment(dir, { redisUrl: testRedisUrl(), sandboxes: [stripe], leaseSeconds: 30 });
  tenders = await Promise.all(['a', 'b', 'c'].map((name) => startTenderProcess(`tender-${name}`, deployment)));
});

afterAll(async () => {
  await killAllChildren();
  if (deployment) await removeDeploymentKeys(testRedisUrl(), deployment, usedKeys);
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A fresh idempotency key, remembered for cleanup. */
function newKey(): string {
  const key = `mp-once-${randomUUID()}`;
  usedKeys.push(key);
  return key;
}

describe('three Tender processes on one Redis', () => {
  it('charge once for 30 concurrent calls with one key spread across the processes; every caller gets that payment', async () => {
    const before = await paymentCount(stripe);
    // Held at "Stripe" long enough that every duplicate arrives while the first runs.
    await delayNextCharge(stripe, 800);
    const request = chargeRequest(deployment, 'stripe', newKey());
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, n) => chargeUntilAnswered(tenders[n % 3]!, deployment, request)),
    );

    const ids = new Set(answers.map((answer) => answer.response.payment?.id));
    expect(ids.size).toBe(1);
    const [id] = ids;
    expect(id).toMatch(new RegExp(`^${deployment.accounts.stripe}:pi_`));
    expect(answers.every((answer) => answer.response.payment?.status === PaymentStatus.SUCCEEDED)).toBe(true);
    // One caller ran the charge; 29 got the stored result, after ABORTED while it ran.
    expect(answers.filter((answer) => !answer.replayed)).toHaveLength(1);
    expect(answers.filter((answer) => answer.aborted > 0).length).toBeGreaterThanOrEqual(29);
    expect(await paymentCount(stripe)).toBe(before + 1);
  });

  it('charge each of 20 keys once when every key is sent to all three processes at the same moment', async () => {
    const before = await paymentCount(stripe);
    const requests = Array.from({ length: 20 }, (_, n) => chargeRequest(deployment, 'stripe', newKey(), 1_000 + n));
    const answers = await Promise.all(
      requests.map((request) => Promise.all(tenders.map((tender) => chargeUntilAnswered(tender, deployment, request)))),
    );

    for (const perKey of answers) {
      expect(new Set(perKey.map((answer) => answer.response.payment?.id)).size).toBe(1);
      expect(perKey.filter((answer) => !answer.replayed)).toHaveLength(1);
      expect(perKey[0]?.response.payment?.status).toBe(PaymentStatus.SUCCEEDED);
    }
    expect(new Set(answers.map((perKey) => perKey[0]?.response.payment?.id)).size).toBe(20);
    expect(await paymentCount(stripe)).toBe(before + 20);
  });
});
