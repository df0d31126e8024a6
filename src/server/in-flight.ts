import type { CallStage } from './pipeline.js';

/**
 * Counts calls inside the pipeline, so that shutdown can tell when the last one has
 * finished even while long-lived streams (health Watch) keep connections open.
 */
export interface InFlightCalls {
  stage: CallStage;
  readonly count: number;
  /** Resolves once no call is in flight (at once if none is). */
  idle(): Promise<void>;
}

export function trackInFlightCalls(): InFlightCalls {
  let count = 0;
  let waiters: Array<() => void> = [];
  const settle = () => {
    count -= 1;
    if (count > 0) return;
    const release = waiters;
    waiters = [];
    for (const resolve of release) resolve();
  };
  return {
    stage: async (_call, next) => {
      count += 1;
      try {
        return await next();
      } finally {
        settle();
      }
    },
    get count() {
      return count;
    },
    idle: () => (count === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
  };
}
