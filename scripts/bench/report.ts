import type { LoadResult } from './load-job.js';
import { round } from './stats.js';

/** The scenarios a run measures, in the order they run and print. */
export const SCENARIOS = {
  echo: 'bare grpc-js echo (ceiling)',
  echoSerial: 'bare grpc-js echo',
  replay: 'Tender: idempotent replay',
  replaySerial: 'Tender: idempotent replay',
  sdk: 'Stripe SDK direct to sandbox',
  fresh: 'Tender: fresh charge to sandbox',
  sdkSerial: 'Stripe SDK direct to sandbox',
  freshSerial: 'Tender: fresh charge to sandbox',
} as const;

export type ScenarioId = keyof typeof SCENARIOS;
export type Measured = Partial<Record<ScenarioId, LoadResult & { concurrency: number }>>;

export interface Ratio {
  name: string;
  value: number | undefined;
  unit: string;
  target: string;
  met: boolean | undefined;
}

/** The three targets, from whichever scenarios were measured. */
export function ratiosOf(measured: Measured): Ratio[] {
  const { echo, replay, fresh, sdk, freshSerial, sdkSerial } = measured;
  const replayShare = echo && replay ? round(replay.qps / echo.qps, 3) : undefined;
  const freshShare = sdk && fresh ? round(fresh.qps / sdk.qps, 3) : undefined;
  const added = freshSerial && sdkSerial ? round(freshSerial.p50Ms - sdkSerial.p50Ms, 3) : undefined;
  return [
    { name: 'replay QPS / echo QPS', value: replayShare, unit: '', target: '>= 0.7', met: replayShare === undefined ? undefined : replayShare >= 0.7 },
    { name: 'fresh Tender QPS / direct SDK QPS', value: freshShare, unit: '', target: '>= 0.6', met: freshShare === undefined ? undefined : freshShare >= 0.6 },
    { name: "Tender's added p50 at concurrency 1", value: added, unit: ' ms', target: '< 1 ms', met: added === undefined ? undefined : added < 1 },
  ];
}

/** Each serving process's CPU per call, then the load generator's ("gen"). */
function cpuPerCall(result: LoadResult): string {
  const parts = Object.entries(result.serverCpuUsPerCall ?? {}).map(([name, us]) => `${name} ${us}`);
  return [...parts, `gen ${result.generatorCpuUsPerCall}`].join(', ');
}

export function formatTable(measured: Measured, ratios: readonly Ratio[]): string {
  const rows = [['scenario', 'conc', 'QPS', 'p50 ms', 'p99 ms', 'calls', 'errors', 'CPU µs/call']];
  for (const id of Object.keys(SCENARIOS) as ScenarioId[]) {
    const result = measured[id];
    if (!result) continue;
    rows.push([
      SCENARIOS[id], String(result.concurrency), result.qps.toFixed(0), result.p50Ms.toFixed(3), result.p99Ms.toFixed(3),
      String(result.completed), String(result.errors), cpuPerCall(result),
    ]);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const leftAligned = new Set([0, rows[0]!.length - 1]);
  const line = (row: string[]) =>
    row.map((cell, column) => (leftAligned.has(column) ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd();
  const table = [line(rows[0]!), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line)];
  const ratioLines = ratios.map((ratio) => {
    const value = ratio.value === undefined ? 'not measured' : `${ratio.value}${ratio.unit}`;
    const verdict = ratio.met === undefined ? '' : ratio.met ? 'met' : 'MISSED';
    return `${ratio.name.padEnd(38)} ${value.padStart(12)}   target ${ratio.target.padEnd(7)} ${verdict}`;
  });
  const errors = Object.entries(measured)
    .filter(([, result]) => result.errors > 0)
    .map(([id, result]) => `errors in ${id}: ${result.errorSamples.join(' | ')}`);
  const note = 'CPU µs/call: CPU time of each process per call sent, warm-up included (from /proc); gen = load generator.';
  return [...table, note, '', ...ratioLines, ...errors].join('\n');
}
