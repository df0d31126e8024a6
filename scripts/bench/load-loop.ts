import { performance } from 'node:perf_hooks';
import { LatencyRecorder, type LoadStats } from './stats.js';

export interface LoadShape {
  /** Calls kept in flight at all times (closed loop: each slot sends again when answered). */
  concurrency: number;
  /** Calls during the warm-up are sent but not measured (JIT, connections, pools). */
  warmupMs: number;
  durationMs: number;
}

/**
 * A closed-loop load: `concurrency` slots each send, wait for the answer and send
 * again, for the warm-up and then the measurement window. A call counts when it began
 * inside the window; its latency is from send to answer as this process saw it.
 */
export async function runLoad(
  send: (slot: number) => Promise<void>,
  shape: LoadShape,
): Promise<LoadStats & { totalCalls: number }> {
  const recorder = new LatencyRecorder();
  let totalCalls = 0;
  const measureFrom = performance.now() + shape.warmupMs;
  const measureUntil = measureFrom + shape.durationMs;
  const slot = async (index: number): Promise<void> => {
    for (;;) {
      const begun = performance.now();
      if (begun >= measureUntil) return;
      totalCalls += 1;
      try {
        await send(index);
        if (begun >= measureFrom) recorder.record(performance.now() - begun);
      } catch (error) {
        if (begun >= measureFrom) recorder.fail(error);
      }
    }
  };
  await Promise.all(Array.from({ length: shape.concurrency }, (_, index) => slot(index)));
  return { ...recorder.summarize(shape.durationMs), totalCalls };
}
