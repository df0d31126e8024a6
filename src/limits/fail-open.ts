/**
 * The local cap of failing open (decline-limiter.ts): while the shared limits store is
 * down, this process lets at most `perMinute` charges through, whatever their tenant or
 * customer, so an outage cannot become a window for card testing. Small on purpose: a
 * normal outage fails charges closed at the idempotency store before this is reached.
 */
export const DEFAULT_FAIL_OPEN_PER_MINUTE = 20;

const MINUTE_MS = 60_000;

export interface FailOpenAllowance {
  /** True, and counted, when one more charge may go through now. */
  take(): boolean;
  /** Hands back what take() counted, for a charge refused after all. */
  giveBack(): void;
}

export function createFailOpenAllowance(perMinute = DEFAULT_FAIL_OPEN_PER_MINUTE): FailOpenAllowance {
  const taken: number[] = [];
  return {
    take() {
      const now = Date.now();
      while (taken.length > 0 && taken[0]! <= now - MINUTE_MS) taken.shift();
      if (taken.length >= perMinute) return false;
      taken.push(now);
      return true;
    },
    giveBack() {
      taken.pop();
    },
  };
}
