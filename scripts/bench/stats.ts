/** What one load run measured, over its measurement window only (warm-up excluded). */
export interface LoadStats {
  /** Calls that started inside the window and completed without error. */
  completed: number;
  errors: number;
  /** The first few distinct error messages, for the report. */
  errorSamples: string[];
  windowMs: number;
  qps: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
}

/** Latencies in milliseconds, appended as calls finish. */
export class LatencyRecorder {
  private samples = new Float64Array(1 << 16);
  private count = 0;
  errors = 0;
  private readonly errorMessages = new Set<string>();

  record(ms: number): void {
    if (this.count === this.samples.length) {
      const grown = new Float64Array(this.samples.length * 2);
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.count++] = ms;
  }

  fail(error: unknown): void {
    this.errors += 1;
    if (this.errorMessages.size < 5) this.errorMessages.add(error instanceof Error ? error.message : String(error));
  }

  summarize(windowMs: number): LoadStats {
    const sorted = this.samples.slice(0, this.count).sort();
    let sum = 0;
    for (const value of sorted) sum += value;
    return {
      completed: this.count,
      errors: this.errors,
      errorSamples: [...this.errorMessages],
      windowMs,
      qps: round((this.count / windowMs) * 1000, 1),
      p50Ms: round(percentile(sorted, 0.5), 3),
      p99Ms: round(percentile(sorted, 0.99), 3),
      meanMs: round(this.count === 0 ? 0 : sum / this.count, 3),
      maxMs: round(sorted.length === 0 ? 0 : sorted[sorted.length - 1]!, 3),
    };
  }
}

/** Nearest-rank percentile of ascending `sorted`. */
export function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank]!;
}

export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
