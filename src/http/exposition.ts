/**
 * Counters and histograms written in the Prometheus text exposition format, version
 * 0.0.4 (https://prometheus.io/docs/instrumenting/exposition_formats/). Tender exports
 * a few series, so this is written out here rather than taken from a client library.
 * Label names are fixed when a metric is made; callers pass bounded values only (no
 * tenant ids or keys: every distinct value is a new series, and labels are not private).
 */

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** The Prometheus client libraries' default buckets, in seconds: 5 ms to 10 s. */
export const DEFAULT_SECONDS_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export type Labels<N extends string> = Readonly<Record<N, string>>;

export interface Metric {
  /** The metric's HELP and TYPE lines and one line per sample. */
  render(): string[];
}

export interface Counter<N extends string> extends Metric {
  inc(labels: Labels<N>, by?: number): void;
}

export interface Histogram<N extends string> extends Metric {
  observe(labels: Labels<N>, value: number): void;
}

/** Label values may hold any UTF-8; backslash, double quote and line feed are escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text escapes backslash and line feed only. */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function labelText(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.length === 0 ? '' : `{${pairs.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',')}}`;
}

/** Series kept by their label values, in the metric's label-name order. */
function seriesTable<N extends string, S>(labelNames: readonly N[], create: () => S) {
  const series = new Map<string, { pairs: Array<[string, string]>; state: S }>();
  return {
    get(labels: Labels<N>): S {
      const pairs = labelNames.map((name): [string, string] => [name, labels[name]]);
      const key = JSON.stringify(pairs.map(([, value]) => value));
      let entry = series.get(key);
      if (!entry) {
        entry = { pairs, state: create() };
        series.set(key, entry);
      }
      return entry.state;
    },
    entries: () => [...series.values()],
  };
}

function header(name: string, help: string, type: 'counter' | 'histogram'): string[] {
  return [`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`];
}

export function createCounter<N extends string>(name: string, help: string, labelNames: readonly N[]): Counter<N> {
  const table = seriesTable(labelNames, () => ({ value: 0 }));
  return {
    inc(labels, by = 1) {
      table.get(labels).value += by;
    },
    render: () => [
      ...header(name, help, 'counter'),
      ...table.entries().map(({ pairs, state }) => `${name}${labelText(pairs)} ${formatValue(state.value)}`),
    ],
  };
}

export function createHistogram<N extends string>(
  name: string,
  help: string,
  labelNames: readonly N[],
  buckets: readonly number[] = DEFAULT_SECONDS_BUCKETS,
): Histogram<N> {
  const bounds = [...buckets].sort((a, b) => a - b);
  const table = seriesTable(labelNames, () => ({ counts: bounds.map(() => 0), sum: 0, count: 0 }));
  return {
    observe(labels, value) {
      const state = table.get(labels);
      bounds.forEach((bound, index) => {
        if (value <= bound) state.counts[index]! += 1;
      });
      state.sum += value;
      state.count += 1;
    },
    render: () => [
      ...header(name, help, 'histogram'),
      ...table.entries().flatMap(({ pairs, state }) => [
        ...bounds.map((bound, index) => `${name}_bucket${labelText([...pairs, ['le', formatValue(bound)]])} ${state.counts[index]}`),
        `${name}_bucket${labelText([...pairs, ['le', '+Inf']])} ${state.count}`,
        `${name}_sum${labelText(pairs)} ${formatValue(state.sum)}`,
        `${name}_count${labelText(pairs)} ${state.count}`,
      ]),
    ],
  };
}

/** One exposition document; it ends with a line feed, as the format requires. */
export function renderMetrics(metrics: readonly Metric[]): string {
  return `${metrics.flatMap((metric) => metric.render()).join('\n')}\n`;
}
