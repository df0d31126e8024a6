import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProcessorName } from '../../src/core/types.js';
import { killAllChildren } from './child-process.js';
import { removeDeploymentKeys } from './redis-footprint.js';
import { startSandboxProcess, type SandboxProcess } from './sandbox-processes.js';
import { startTenderProcess, writeDeployment, type AccountSpec, type Deployment, type TenderProcess } from './tender-process.js';

export const PROCESSORS: readonly ProcessorName[] = ['stripe', 'braintree', 'adyen'];

/** The shortest lease the configuration allows: a dead holder's key frees itself in 5 s. */
export const LEASE_SECONDS = 5;
/** The adapter timeout of the "impatient-<processor>" accounts. */
export const IMPATIENT_TIMEOUT_MS = 500;

/**
 * Three Tender processes of one deployment on one Redis, and the three processor
 * sandboxes, each its own process. Every processor has two accounts on its sandbox:
 * "<processor>" (10 s adapter timeout, longer than any delay a test injects) and
 * "impatient-<processor>" (500 ms, no SDK retries). Started once for the scenarios that
 * share it (a Tender process costs seconds of CPU to start); a scenario that kills a
 * process runs last.
 */
export interface TenderFleet {
  redisUrl: string;
  sandboxes: ReadonlyMap<ProcessorName, SandboxProcess>;
  deployment: Deployment;
  tenders: TenderProcess[];
  /** A fresh idempotency key, remembered for cleanup. */
  newKey(label: string): string;
}

let dir: string | undefined;
const usedKeys: string[] = [];

export async function startTenderFleet(redisUrl: string, size = 3): Promise<TenderFleet> {
  dir = await mkdtemp(join(tmpdir(), 'tender-mp-fleet-'));
  const started = await Promise.all(PROCESSORS.map((processor) => startSandboxProcess(processor, dir!)));
  const accounts: Record<string, AccountSpec> = {};
  for (const sandbox of started) {
    accounts[sandbox.processor] = { sandbox };
    accounts[`impatient-${sandbox.processor}`] = { sandbox, timeoutMs: IMPATIENT_TIMEOUT_MS };
  }
  const deployment = await writeDeployment(dir, { redisUrl, leaseSeconds: LEASE_SECONDS, accounts });
  const tenders = await Promise.all(Array.from({ length: size }, (_, n) => startTenderProcess(`tender-${n + 1}`, deployment)));
  return {
    redisUrl, deployment, tenders,
    sandboxes: new Map(started.map((sandbox) => [sandbox.processor, sandbox])),
    newKey(label) {
      const key = `mp-${label}-${randomUUID()}`;
      usedKeys.push(key);
      return key;
    },
  };
}

/** Kills every process and removes what the deployment left in Redis and on disk. */
export async function stopTenderFleet(fleet: TenderFleet | undefined): Promise<void> {
  await killAllChildren();
  if (fleet) await removeDeploymentKeys(fleet.redisUrl, fleet.deployment, usedKeys);
  if (dir) await rm(dir, { recursive: true, force: true });
}
