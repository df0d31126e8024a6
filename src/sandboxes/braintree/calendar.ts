/**
 * The sandbox's time: a clock tests can move forward (so transactions settle and
 * subscriptions bill without waiting), and the calendar arithmetic of Braintree's
 * recurring billing, which works in whole days (`YYYY-MM-DD`, UTC) and bills on a
 * billing day of the month, clamped to the month's last day (February 30 is February 28).
 */
export interface SandboxClock {
  now(): Date;
  advance(seconds: number): void;
}

export function createClock(): SandboxClock {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance: (seconds) => {
      offsetMs += seconds * 1000;
    },
  };
}

const DAY_MS = 86_400_000;

export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function dateOfDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

export function addDays(day: string, days: number): string {
  return dayOf(new Date(dateOfDay(day).getTime() + days * DAY_MS));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dateOfDay(to).getTime() - dateOfDay(from).getTime()) / DAY_MS);
}

/** The billing date `months` after `day`, on `billingDay` or the month's last day. */
export function addMonths(day: string, months: number, billingDay: number): string {
  const start = dateOfDay(day);
  const year = start.getUTCFullYear();
  const month = start.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return dayOf(new Date(Date.UTC(year, month, Math.min(billingDay, lastDay))));
}
