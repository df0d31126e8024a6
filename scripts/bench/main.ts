import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DEFAULT_SECRET_KEY } from '../../src/sandboxes/stripe/server.js';
import { formatProfile, summarizeProfile, type ProfileSummary } from './cpu-profile.js';
import { runLoadJob, type LoadJob } from './load-job.js';
import type { TargetKind } from './load-targets.js';
import { createPayers } from './payers.js';
import { REPO_ROOT, startProcess, stopAll, type StartOptions } from './processes.js';
import { findRedis, removeRunData } from './redis.js';
import { formatTable, ratiosOf, type Measured, type ScenarioId } from './report.js';
import { startSandboxProcess, startTenderProcess } from './tender-deployment.js';

/**
 * `npm run bench`: the hot path's cost, in one run. Every server under test and the
 * load generator run in their own processes (scripts/bench/processes.ts), all on
 * 127.0.0.1. Measures the bare grpc-js ceiling, an idempotent replay through Tender,
 * fresh charges through Tender to the Stripe sandbox with Redis, and the same charges
 * sent with the Stripe SDK directly; prints a table and the three target ratios, and
 * writes the figures to scripts/bench/bench-results.json.
 *
 * Options: --concurrency (32), --channels (4), --warmup-ms (2000), --duration-ms (5000),
 * --serial-duration-ms (4000, the concurrency-1 runs), --only echo,replay,fresh (a
 * subset of the groups echo, replay, fresh; fresh includes the direct SDK runs),
 * --profile (CPU-profile Tender and the echo server and print where their time went),
 * --out <file>.
 */

const { values: args } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '32' },
    channels: { type: 'string', default: '4' },
    'warmup-ms': { type: 'string', default: '2000' },
    'duration-ms': { type: 'string', default: '5000' },
    'serial-duration-ms': { type: 'string', default: '4000' },
    only: { type: 'string', default: 'echo,replay,fresh' },
    profile: { type: 'boolean', default: false },
    out: { type: 'string', default: join(REPO_ROOT, 'scripts/bench/bench-results.json') },
  },
});
const settings = {
  concurrency: positive('concurrency'),
  channels: positive('channels'),
  warmupMs: positive('warmup-ms'),
  durationMs: positive('duration-ms'),
  serialDurationMs: positive('serial-duration-ms'),
};
const groups = new Set(args.only.split(','));
const profileDir = join(REPO_ROOT, 'scripts/bench/profiles');
const workDir = mkdtempSync(join(tmpdir(), 'tender-bench-'));
const runId = randomBytes(4).toString('hex');
const measured: Measured = {};
const profiles: Record<string, string> = {};
const began = performance.now();

function positive(name: keyof typeof args): number {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

/** One folder per profiled process: tsx's loader thread writes a profile of its own. */
function profiled(name: string): StartOptions {
  if (!args.profile) return {};
  const dir = join(profileDir, `${name}-${runId}`);
  mkdirSync(dir, { recursive: true });
  return { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${dir}`] };
}

function progress(message: string): void {
  process.stdout.write(`[${((performance.now() - began) / 1000).toFixed(1).padStart(5)} s] ${message}\n`);
}

/** Runs one scenario: at the configured concurrency, or at 1 for the latency runs. */
async function measure(
  id: ScenarioId,
  target: TargetKind,
  spec: Partial<LoadJob>,
  servers: Readonly<Record<string, number | undefined>>,
): Promise<void> {
  const serial = id.endsWith('Serial');
  const job: LoadJob = {
    target,
    channels: serial ? 1 : settings.channels,
    concurrency: serial ? 1 : settings.concurrency,
    warmupMs: serial ? Math.min(settings.warmupMs, 1_000) : settings.warmupMs,
    durationMs: serial ? settings.serialDurationMs : settings.durationMs,
    keyPrefix: `bench-${runId}-${id}`,
    ...spec,
  };
  progress(`${id}: concurrency ${job.concurrency}, ${job.warmupMs} ms warm-up, ${job.durationMs} ms measured`);
  const result = await runLoadJob(job, workDir, id, servers);
  measured[id] = { ...result, concurrency: job.concurrency };
  const cpu = Object.entries({ ...result.serverCpuUsPerCall, generator: result.generatorCpuUsPerCall })
    .map(([name, us]) => `${name} ${us}`)
    .join(', ');
  progress(`${id}: ${result.qps} QPS, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ${result.errors} errors; CPU µs/call: ${cpu}`);
}

async function stopProfiled(name: string, stop: () => Promise<void>): Promise<void> {
  await stop();
  if (args.profile) profiles[name] = join(profileDir, `${name}-${runId}`);
}

async function measureEcho(): Promise<void> {
  const echo = startProcess('echo server', 'scripts/bench/echo-server.ts', join(workDir, 'echo.log'), profiled('echo'));
  const [, address] = await echo.waitForLine(/echo listening on (\S+)/);
  const servers = { echo: echo.child.pid };
  await measure('echo', 'echo', { grpcAddress: address! }, servers);
  await measure('echoSerial', 'echo', { grpcAddress: address! }, servers);
  await stopProfiled('echo', () => echo.stop());
}

async function measureTender(redisUrl: string): Promise<void> {
  const sandbox = await startSandboxProcess(workDir);
  const tender = await startTenderProcess(workDir, { redisUrl, sandboxUrl: sandbox.url, secretKey: DEFAULT_SECRET_KEY }, profiled('tender'));
  const sandboxUrl = new URL(sandbox.url);
  const endpoint = { host: sandboxUrl.hostname, port: Number(sandboxUrl.port), secretKey: DEFAULT_SECRET_KEY };
  const payers = await createPayers(endpoint, settings.concurrency);
  const grpc = { grpcAddress: tender.address, apiKey: tender.apiKey, payers };
  const direct = { sandbox: endpoint, payers };
  try {
    if (groups.has('replay')) {
      const servers = { tender: tender.process.child.pid };
      await measure('replay', 'replay', grpc, servers);
      await measure('replaySerial', 'replay', grpc, servers);
    }
    if (groups.has('fresh')) {
      // Direct and through Tender alternate, so that a drift of the machine's load or
      // of the sandbox's growing state does not favour either side.
      const servers = { tender: tender.process.child.pid, sandbox: sandbox.process.child.pid };
      await measure('sdk', 'sdk', direct, servers);
      await measure('fresh', 'fresh', grpc, servers);
      await measure('sdkSerial', 'sdk', direct, servers);
      await measure('freshSerial', 'fresh', grpc, servers);
    }
  } finally {
    await stopProfiled('tender', () => tender.process.stop());
    await sandbox.process.stop();
    const keyRuns = Object.entries(measured)
      .filter(([id]) => id.startsWith('replay') || id.startsWith('fresh'))
      .map(([id, result]) => ({ prefix: `bench-${runId}-${id}`, count: result.keysUsed ?? 0 }));
    const removed = await removeRunData(redisUrl, tender.tenant, keyRuns);
    progress(`removed ${removed} keys this run stored in Redis`);
  }
}

async function main(): Promise<void> {
  progress(`${cpus().length} CPUs, load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}, work files in ${workDir}`);
  const redis = await findRedis();
  progress(`Redis at ${redis.url}${redis.own ? ' (started for this run)' : ''}`);
  try {
    if (groups.has('echo')) await measureEcho();
    if (groups.has('replay') || groups.has('fresh')) await measureTender(redis.url);
  } finally {
    await stopAll();
    await redis.stop();
  }
  const ratios = ratiosOf(measured);
  process.stdout.write(`\n${formatTable(measured, ratios)}\n`);
  const profileSummaries = Object.fromEntries(
    Object.entries(profiles).flatMap(([name, dir]) => {
      const busiest = busiestProfile(dir);
      return busiest ? [[name, busiest]] : [];
    }),
  );
  for (const [name, summary] of Object.entries(profileSummaries)) process.stdout.write(`\n${formatProfile(`${name} (${summary.path})`, summary)}\n`);
  const report = {
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, loadAverageAtEnd: loadavg() },
    settings,
    scenarios: measured,
    ratios,
    ...(args.profile ? { profiles: profileSummaries } : {}),
    runSeconds: Math.round((performance.now() - began) / 100) / 10,
  };
  writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\nfigures written to ${args.out} (${report.runSeconds} s)\n`);
  rmSync(workDir, { recursive: true, force: true });
}

/** The profile of the process's main thread: of its threads' profiles, the one that worked most. */
function busiestProfile(dir: string): (ProfileSummary & { path: string }) | undefined {
  const summaries = readdirSync(dir)
    .filter((file) => file.endsWith('.cpuprofile'))
    .map((file) => ({ path: join(dir, file), ...summarizeProfile(join(dir, file)) }));
  return summaries.sort((a, b) => b.busyMs - a.busyMs)[0];
}

main().catch(async (error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n(work files kept in ${workDir})\n`);
  await stopAll();
  process.exit(1);
});
