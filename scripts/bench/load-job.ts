import { join } from 'node:path';
import type { LoadShape } from './load-loop.js';
import type { TargetSpec } from './load-targets.js';
import { cpuMsOf } from './cpu-time.js';
import { startProcess } from './processes.js';
import type { LoadStats } from './stats.js';

/** One load run: what to drive and how hard. */
export type LoadJob = TargetSpec & LoadShape;

export type LoadResult = LoadStats & {
  /** Calls sent, warm-up included. */
  totalCalls: number;
  generatorCpuUsPerCall: number;
  keysUsed?: number;
  requestBytes?: number;
  responseBytes?: number;
  /** CPU time per call (warm-up included) of each process serving the run, by name. */
  serverCpuUsPerCall?: Record<string, number>;
};

/** Slack beyond warm-up and window for start, connection and the last calls' deadline. */
const JOB_SLACK_MS = 30_000;

/**
 * Runs `job` in a fresh load-generator process (scripts/bench/load-generator.ts) and
 * returns what it measured. The process is killed if it outlives its warm-up, window
 * and slack, so a hung server cannot hang the benchmark.
 */
export async function runLoadJob(
  job: LoadJob,
  workDir: string,
  label: string,
  servers: Readonly<Record<string, number | undefined>> = {},
): Promise<LoadResult> {
  const cpuBefore = Object.fromEntries(Object.entries(servers).map(([name, pid]) => [name, cpuMsOf(pid)]));
  const generator = startProcess(`load generator (${label})`, 'scripts/bench/load-generator.ts', join(workDir, `load-${label}.log`), {
    args: [JSON.stringify(job)],
  });
  try {
    const [, json] = await generator.waitForLine(/^RESULT (.*)$/, job.warmupMs + job.durationMs + JOB_SLACK_MS);
    const result = JSON.parse(json!) as LoadResult;
    const serverCpuUsPerCall: Record<string, number> = {};
    for (const [name, pid] of Object.entries(servers)) {
      const before = cpuBefore[name];
      const after = cpuMsOf(pid);
      if (before !== undefined && after !== undefined) {
        serverCpuUsPerCall[name] = Math.round(((after - before) * 1000) / Math.max(1, result.totalCalls));
      }
    }
    return { ...result, serverCpuUsPerCall };
  } finally {
    await generator.stop(1_000);
  }
}
