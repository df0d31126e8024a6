import type { LoadResult } from './load-job.js';
import { round } from './stats.js';

/** The scenarios a run measures, in the order they print. */
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
export type RoundResult = LoadResult & { concurrency: number };
/** Every round's result, by scenario. */
export type Measured = Partial<Record<ScenarioId, RoundResult[]>>;

/** A scenario over its rounds: medians of the per-round figures, totals of the counts. */
export interface ScenarioSummary {
  concurrency: number;
  rounds: number;
  qps: number;
  p50Ms: number;
  p99Ms: number;
  calls: number;
  errors: number;
  errorSamples: string[];
  cpuUsPerCall: Record<string, number>;
}

export interface Ratio {
  name: string;
  /** The median of the per-round values: each round's two runs ran back to back. */
  value: number | undefined;
  perRound: number[];
  unit: string;
  target: string;
  met: boolean | undefined;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function summarize(results: readonly RoundResult[]): ScenarioSummary {
  const cpu: Record<string, number[]> = {};
  for (const result of results) {
    for (const [name, us] of Object.entries({ ...result.serverCpuUsPerCall, gen: result.generatorCpuUsPerCall })) {
      (cpu[name] ??= []).push(us);
    }
  }
  return {
    concurrency: results[0]!.concurrency,
    rounds: results.length,
    qps: round(median(results.map((r) => r.qps)), 1),
    p50Ms: round(median(results.map((r) => r.p50Ms)), 3),
    p99Ms: round(median(results.map((r) => r.p99Ms)), 3),
    calls: results.reduce((sum, r) => sum + r.completed, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    errorSamples: [...new Set(results.flatMap((r) => r.errorSamples))].slice(0, 5),
    cpuUsPerCall: Object.fromEntries(Object.entries(cpu).map(([name, values]) => [name, Math.round(median(values))])),
  };
}

/** The three targets, paired round by round. */
export function ratiosOf(measured: Measured): Ratio[] {
  const paired = (a: ScenarioId, b: ScenarioId, combine: (x: RoundResult, y: RoundResult) => number): number[] => {
    const left = measured[a] ?? [];
    const right = measured[b] ?? [];
    return left.slice(0, right.length).map((x, index) => round(combine(x, right[index]!), 3));
  };
  const ratio = (name: string, perRound: number[], unit: string, target: string, meets: (value: number) => boolean): Ratio => {
    const value = perRound.length === 0 ? undefined : round(median(perRound), 3);
    return { name, value, perRound, unit, target, met: value === undefined ? undefined : meets(value) };
  };
  return [
    ratio('replay QPS / echo QPS', paired('replay', 'echo', (x, y) => x.qps / y.qps), '', '>= 0.7', (v) => v >= 0.7),
    ratio('fresh Tender QPS / direct SDK QPS', paired('fresh', 'sdk', (x, y) => x.qps / y.qps), '', '>= 0.6', (v) => v >= 0.6),
    ratio("Tender's added p50 at concurrency 1", paired('freshSerial', 'sdkSerial', (x, y) => x.p50Ms - y.p50Ms), ' ms', '< 1 ms', (v) => v < 1),
  ];
}

export function formatTable(summaries: Partial<Record<ScenarioId, ScenarioSummary>>, ratios: readonly Ratio[]): string {
  const rows = [['scenario', 'conc', 'rounds', 'QPS', 'p50 ms', 'p99 ms', 'calls', 'errors', 'CPU µs/call']];
  for (const id of Object.keys(SCENARIOS) as ScenarioId[]) {
    const summary = summaries[id];
    if (!summary) continue;
    const cpu = Object.entries(summary.cpuUsPerCall).map(([name, us]) => `${name} ${us}`).join(', ');
    rows.push([
      SCENARIOS[id], String(summary.concurrency), String(summary.rounds), summary.qps.toFixed(0), summary.p50Ms.toFixed(3),
      summary.p99Ms.toFixed(3), String(summary.calls), String(summary.errors), cpu,
    ]);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const leftAligned = new Set([0, rows[0]!.length - 1]);
  const line = (row: string[]) =>
    row.map((cell, column) => (leftAligned.has(column) ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd();
  const table = [line(rows[0]!), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line)];
  const notes = [
    'QPS, p50, p99: medians over the rounds. CPU µs/call: CPU time of each process per call sent, warm-up',
    'included (from /proc), median over the rounds; gen = the load generator.',
  ];
  const ratioLines = ratios.map((ratio) => {
    const value = ratio.value === undefined ? 'not measured' : `${ratio.value}${ratio.unit}`;
    const verdict = ratio.met === undefined ? '' : ratio.met ? 'met' : 'MISSED';
    const rounds = ratio.perRound.length > 1 ? `  (rounds: ${ratio.perRound.join(', ')})` : '';
    return `${ratio.name.padEnd(36)} ${value.padStart(12)}   target ${ratio.target.padEnd(7)} ${verdict.padEnd(6)}${rounds}`;
  });
  const errors = Object.entries(summaries)
    .filter(([, summary]) => summary.errors > 0)
    .map(([id, summary]) => `errors in ${id}: ${summary.errorSamples.join(' | ')}`);
  return [...table, ...notes, '', 'Ratios (median of the rounds, each round pairing runs made back to back):', ...ratioLines, ...errors].join('\n');
}
