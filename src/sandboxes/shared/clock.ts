/**
 * Unix seconds, shiftable so tests can let sessions, links and idempotency keys age
 * without waiting. The Stripe and Adyen sandboxes keep their time in it; Braintree's
 * billing works in Dates and days and keeps its own (braintree/calendar.ts).
 */
export interface SandboxClock {
  now(): number;
  advance(seconds: number): void;
}

export function createClock(): SandboxClock {
  let offsetSeconds = 0;
  return {
    now: () => Math.floor(Date.now() / 1000) + offsetSeconds,
    advance: (seconds) => {
      offsetSeconds += seconds;
    },
  };
}
