import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DEFAULT_SECRET_KEY } from '../../src/sandboxes/stripe/server.js';
import { busiestProfileIn, formatProfile } from './cpu-profile.js';
import { runLoadJob, type LoadJob } from './load-job.js';
import type { TargetKind } from './load-targets.js';
import { createPayers } from './payers.js';
import { REPO_ROOT, startProcess, stopAll, type BenchProcess, type StartOptions } from './processes.js';
import { findRedis, removeRunData } from './redis.js';
import { formatTable, ratiosOf, summarize, type Measured, type ScenarioId } from './report.js';
import { buildTender, startSandboxProcess, startTenderProcess, type RunFrom } from './tender-deployment.js';

/**
 * `npm run bench`: the hot path's cost, in one run. The servers under test and the load
 * generator each run in their own process (processes.ts), all on 127.0.0.1: the bare
 * grpc-js echo server (the ceiling), Tender on Redis with a Stripe account on the
 * sandbox, and the sandbox. Tender and the sandbox run from dist/, built first, as
 * `npm start` runs Tender in production (tender-deployment.ts). Each round measures the
 * echo, an idempotent replay through Tender, fresh charges straight to the sandbox with
 * the Stripe SDK and through Tender, then both kinds of charge at concurrency 1. A ratio
 * is taken within each round, from runs made back to back, and the median over the
 * rounds is reported: on a shared machine the load of everything else drifts, and
 * pairing cancels most of it. Prints a table and the three targets; writes the figures
 * to bench-results.json.
 *
 * Options: --rounds (3), --concurrency (32), --channels (4), --warmup-ms (1500),
 * --duration-ms (4000), --serial-duration-ms (3000, the concurrency-1 runs),
 * --only echo,replay,fresh (fresh includes the direct SDK runs), --tsx (run Tender and
 * the sandbox from src/ through tsx instead, no build), --profile (CPU-profile Tender
 * and the echo server, print where their time went), --keep-files (keep the servers'
 * logs, Tender's one line per call included), --out <file>.
 */

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '32' },
    channels: { type: 'string', default: '4' },
    'warmup-ms': { type: 'string', default: '1500' },
    'duration-ms': { type: 'string', default: '4000' },
    'serial-duration-ms': { type: 'string', default: '3000' },
    only: { type: 'string', default: 'echo,replay,fresh' },
    profile: { type: 'boolean', default: false },
    tsx: { type: 'boolean', default: false },
    'keep-files': { type: 'boolean', default: false },
    out: { type: 'string', default: join(REPO_ROOT, 'scripts/bench/bench-results.json') },
  },
});
const settings = {
  rounds: positive('rounds'),
  concurrency: positive('concurrency'),
  channels: positive('channels'),
  warmupMs: positive('warmup-ms'),
  durationMs: positive('duration-ms'),
  serialDurationMs: positive('serial-duration-ms'),
};
const groups = new Set(args.only.split(','));
const runFrom: RunFrom = args.tsx ? 'src' : 'dist';
const profileDir = join(REPO_ROOT, 'scripts/bench/profiles');
const workDir = mkdtempSync(join(tmpdir(), 'tender-bench-'));
const runId = randomBytes(4).toString('hex');
const measured: Measured = {};
const keysStored: Array<{ prefix: string; count: number }> = [];
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

interface Servers {
  echo?: { process: BenchProcess; spec: Partial<LoadJob> };
  tender?: { process: BenchProcess; sandbox: BenchProcess; tenant: string; grpc: Partial<LoadJob>; direct: Partial<LoadJob> };
}

async function startServers(redisUrl: string): Promise<Servers> {
  const servers: Servers = {};
  if (groups.has('echo')) {
    const echo = startProcess('echo server', 'scripts/bench/echo-server.ts', join(workDir, 'echo.log'), profiled('echo'));
    const [, address] = await echo.waitForLine(/echo listening on (\S+)/);
    servers.echo = { process: echo, spec: { grpcAddress: address! } };
  }
  if (groups.has('replay') || groups.has('fresh')) {
    if (runFrom === 'dist') {
      progress('building Tender (npm run build)');
      buildTender();
    }
    const sandbox = await startSandboxProcess(workDir, runFrom);
    const tender = await startTenderProcess(workDir, { redisUrl, sandboxUrl: sandbox.url, secretKey: DEFAULT_SECRET_KEY, from: runFrom }, profiled('tender'));
    const url = new URL(sandbox.url);
    const endpoint = { host: url.hostname, port: Number(url.port), secretKey: DEFAULT_SECRET_KEY };
    const payers = await createPayers(endpoint, settings.concurrency);
    servers.tender = {
      process: tender.process, sandbox: sandbox.process, tenant: tender.tenant,
      grpc: { grpcAddress: tender.address, apiKey: tender.apiKey, payers },
      direct: { sandbox: endpoint, payers },
    };
  }
  return servers;
}

/** Runs one scenario once: at the configured concurrency, or at 1 for the latency runs. */
async function measure(id: ScenarioId, target: TargetKind, spec: Partial<LoadJob>, servers: Record<string, BenchProcess>, round: number): Promise<void> {
  const serial = id.endsWith('Serial');
  const keyPrefix = `bench-${runId}-${id}-${round}`;
  const job: LoadJob = {
    target,
    channels: serial ? 1 : settings.channels,
    concurrency: serial ? 1 : settings.concurrency,
    warmupMs: serial ? Math.min(settings.warmupMs, 500) : settings.warmupMs,
    durationMs: serial ? settings.serialDurationMs : settings.durationMs,
    keyPrefix,
    ...spec,
  };
  const pids = Object.fromEntries(Object.entries(servers).map(([name, server]) => [name, server.child.pid]));
  const result = await runLoadJob(job, workDir, `${id}-${round}`, pids);
  (measured[id] ??= []).push({ ...result, concurrency: job.concurrency });
  if (result.keysUsed) keysStored.push({ prefix: keyPrefix, count: result.keysUsed });
  const cpu = Object.entries({ ...result.serverCpuUsPerCall, gen: result.generatorCpuUsPerCall }).map(([name, us]) => `${name} ${us}`).join(', ');
  progress(`round ${round} ${id} (concurrency ${job.concurrency}): ${result.qps} QPS, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ${result.errors} errors; CPU µs/call ${cpu}`);
}

async function runRounds(servers: Servers): Promise<void> {
  const { echo, tender } = servers;
  for (let round = 1; round <= settings.rounds; round++) {
    if (echo) await measure('echo', 'echo', echo.spec, { echo: echo.process }, round);
    if (tender && groups.has('replay')) await measure('replay', 'replay', tender.grpc, { tender: tender.process }, round);
    if (tender && groups.has('fresh')) {
      const both = { tender: tender.process, sandbox: tender.sandbox };
      await measure('sdk', 'sdk', tender.direct, both, round);
      await measure('fresh', 'fresh', tender.grpc, both, round);
      await measure('sdkSerial', 'sdk', tender.direct, both, round);
      await measure('freshSerial', 'fresh', tender.grpc, both, round);
    }
    // The ceiling and the replay at concurrency 1 are for reading only: measured once.
    if (round === 1 && echo) await measure('echoSerial', 'echo', echo.spec, { echo: echo.process }, round);
    if (round === 1 && tender && groups.has('replay')) await measure('replaySerial', 'replay', tender.grpc, { tender: tender.process }, round);
  }
}

async function main(): Promise<void> {
  progress(`${cpus().length} CPUs, load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}, work files in ${workDir}`);
  const redis = await findRedis();
  progress(`Redis at ${redis.url}${redis.own ? ' (started for this run)' : ''}; Tender runs from ${runFrom === 'dist' ? 'dist/ (compiled)' : 'src/ through tsx'}`);
  let servers: Servers = {};
  try {
    servers = await startServers(redis.url);
    progress('servers ready');
    await runRounds(servers);
  } finally {
    await stopAll();
    if (servers.tender) progress(`removed ${await removeRunData(redis.url, servers.tender.tenant, keysStored)} keys this run stored in Redis`);
    await redis.stop();
  }
  const summaries = Object.fromEntries(Object.entries(measured).map(([id, results]) => [id, summarize(results)]));
  const ratios = ratiosOf(measured);
  process.stdout.write(`\n${formatTable(summaries, ratios)}\n`);
  const profiles = Object.fromEntries(
    (args.profile ? ['echo', 'tender'] : []).flatMap((name) => {
      const found = servers[name as keyof Servers] ? busiestProfileIn(join(profileDir, `${name}-${runId}`)) : undefined;
      return found ? [[name, found]] : [];
    }),
  );
  for (const [name, summary] of Object.entries(profiles)) process.stdout.write(`\n${formatProfile(`${name} (${summary.path})`, summary)}\n`);
  const report = {
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, loadAverageAtEnd: loadavg() },
    settings: { ...settings, tenderFrom: runFrom },
    ratios,
    scenarios: summaries,
    rounds: measured,
    ...(args.profile ? { profiles } : {}),
    runSeconds: Math.round((performance.now() - began) / 100) / 10,
  };
  writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\nfigures written to ${args.out} (${report.runSeconds} s)\n`);
  if (args['keep-files']) process.stdout.write(`servers' logs kept in ${workDir}\n`);
  else rmSync(workDir, { recursive: true, force: true });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    progress(`${signal}: stopping the servers`);
    void stopAll().then(() => process.exit(130));
  });
}

main().catch(async (error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n(work files kept in ${workDir})\n`);
  await stopAll();
  process.exit(1);
});
