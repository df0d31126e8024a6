import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentStatus } from '../../src/gen/tender/v1/common_pb.js';
import { startRedisServer, type RedisServer } from '../setup/redis-server.js';
import { startChargeLoad, type ChargeResult } from './charge-load.js';
import { callOptions, chargeRequest } from './charges.js';
import { killAllChildren } from './child-process.js';
import {
  delayNextCharge, paymentCount, startSandboxProcess, waitFor, waitUntilChargeHeld, type SandboxProcess,
} from './sandbox-processes.js';
import { startTenderProcess, writeDeployment, type Deployment, type TenderProcess } from './tender-process.js';
import { redisToolGate } from './tool-gate.js';

/**
 * Redis stopped under load (a private redis-server, killed and restarted on the same
 * port, with no persistence: it comes back empty and without its Lua scripts). Policy
 * (payments-domain.md, "Redis"): the idempotency store down fails closed, so a charge
 * fails UNAVAILABLE before it reaches the processor; reads that need no store go on;
 * Tender reconnects by itself.
 */
const SUCCEEDED = PaymentStatus[PaymentStatus.SUCCEEDED];
const UNAVAILABLE = 'UNAVAILABLE';
const WORKERS = 4;
const HELD_MS = 500;

const tools = redisToolGate('the Redis outage suite', ['redis-server']);
let dir: string;
let redis: RedisServer;
let stripe: SandboxProcess;
let deployment: Deployment;
let tender: TenderProcess;

beforeAll(async () => {
  if (tools.skip) return;
  tools.assertPresent();
  dir = await mkdtemp(join(tmpdir(), 'tender-mp-outage-'));
  [redis, stripe] = await Promise.all([startRedisServer(), startSandboxProcess('stripe', dir)]);
  deployment = await writeDeployment(dir, { redisUrl: redis.url, leaseSeconds: 30, accounts: { stripe: { sandbox: stripe } } });
  tender = await startTenderProcess('tender', deployment);
});

afterAll(async () => {
  await killAllChildren();
  await redis?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(tools.skip)('Redis stopped while Tender is under load', () => {
  it('fails charges with UNAVAILABLE before the processor, keeps reads, and recovers when Redis returns', async () => {
    const before = await paymentCount(stripe);
    const load = startChargeLoad(tender, deployment, WORKERS);
    await waitFor('charges to succeed before the outage', 10_000, async () => load.results.some((r) => r.outcome === SUCCEEDED));
    // Every worker's next charge is held at "Stripe" when Redis goes away: past the
    // idempotency check, money about to move, result not yet stored.
    await delayNextCharge(stripe, HELD_MS, WORKERS);
    await waitUntilChargeHeld(stripe);

    await redis.stop();
    const downAt = Date.now();
    await pause(HELD_MS + 200); // the held charges finish
    const countWhileDown = await paymentCount(stripe);
    const found = await tender.customers.findCustomers({ query: { case: 'phone', value: '+1 415 555 0123' } }, callOptions(deployment));
    expect(found.response.customers.map((customer) => customer.id)).toContain(`${deployment.accounts['stripe']!.id}:cus_demo_jordan`);
    await pause(700);
    expect(await paymentCount(stripe)).toBe(countWhileDown);

    const restartingAt = Date.now();
    redis = await startRedisServer(redis.port);
    const restartedAt = Date.now();
    await waitFor('a charge to succeed after Redis returned', 10_000, async () =>
      load.results.some((r) => r.startedAt > restartedAt && r.outcome === SUCCEEDED));
    const recoveredAt = Math.min(...load.results.filter((r) => r.startedAt > restartedAt && r.outcome === SUCCEEDED).map((r) => r.endedAt));
    await pause(200);
    const results = await load.stop();

    const outcomes = (list: ChargeResult[]) => [...new Set(list.map((r) => r.outcome))].sort();
    const heldAtStop = results.filter((r) => r.startedAt < downAt && r.endedAt > downAt);
    const duringOutage = results.filter((r) => r.startedAt >= downAt && r.endedAt <= restartingAt);
    // The money moved before Redis went away: the caller hears the payment, though
    // Tender could not store it.
    expect(heldAtStop).toHaveLength(WORKERS);
    expect(outcomes(heldAtStop)).toEqual([SUCCEEDED]);
    expect(duringOutage.length).toBeGreaterThan(10);
    expect(outcomes(duringOutage)).toEqual([UNAVAILABLE]);
    expect(outcomes(results)).toEqual([SUCCEEDED, UNAVAILABLE]);
    // Fail fast: a caller on the phone hears the failure within the store's 1 s budget.
    expect(Math.max(...duringOutage.map((r) => r.endedAt - r.startedAt))).toBeLessThan(1_500);
    // Every success is one payment, and no UNAVAILABLE answer charged anything.
    const succeeded = results.filter((r) => r.outcome === SUCCEEDED);
    expect(await paymentCount(stripe)).toBe(before + succeeded.length);
    expect(recoveredAt - restartedAt).toBeLessThan(5_000);

    // The restarted Redis is empty, so these keys run again: Stripe's own idempotency
    // (the forwarded processor key) answers with the same payments, charging nothing new.
    const retried = [...heldAtStop, ...succeeded.filter((r) => r.endedAt < downAt).slice(0, 16)];
    const replays = await Promise.all(retried.map((r) =>
      tender.payments.charge(chargeRequest(deployment.accounts['stripe'], r.key), callOptions(deployment))));
    expect(replays.map(({ response }) => response.payment?.id)).toEqual(retried.map((r) => r.paymentId));
    expect(await paymentCount(stripe)).toBe(before + succeeded.length);
  });

  it('charges and replays again after SCRIPT FLUSH drops the Lua scripts', async () => {
    const admin = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    try {
      expect(await admin.script('FLUSH')).toBe('OK');
    } finally {
      admin.disconnect();
    }
    const before = await paymentCount(stripe);
    const request = chargeRequest(deployment.accounts['stripe'], `mp-flush-${randomUUID()}`);
    const first = await tender.payments.charge(request, callOptions(deployment));
    const second = await tender.payments.charge(request, callOptions(deployment));
    expect(first.response.payment?.status).toBe(PaymentStatus.SUCCEEDED);
    expect(second.headers.get('idempotent-replayed')).toEqual(['true']);
    expect(second.response.payment?.id).toBe(first.response.payment?.id);
    expect(await paymentCount(stripe)).toBe(before + 1);
  });
});
