import type { DeclineLimitRules } from '../store/decline-limits.js';

/**
 * A tenant's decline limits, in the units its configuration uses (tenants[].declineLimits,
 * src/config/validate-limits.ts). The defaults follow payments-domain.md, "Declines and
 * retries":
 * - 3 declines of one customer in 15 minutes (card-testing defence; a caller whose cards
 *   keep failing is better served by a payment link or a person than a fourth try);
 * - 15 attempts on one payment method in 30 days since its last success (Visa allows 15
 *   reattempts of a declined card in 30 days and charges a fee for each one beyond);
 * - 10 declines of one payment method in 24 hours (Mastercard: more is excessive);
 * - a hard decline blocks its payment method for 30 days (Visa category 1 codes are never
 *   to be reattempted; Mastercard advice codes 03 and 21: do not retry for 30 days).
 */
export interface DeclineLimitSettings {
  customerDeclines: number;
  customerWindowMinutes: number;
  methodAttempts: number;
  methodAttemptWindowDays: number;
  methodDeclines: number;
  methodDeclineWindowHours: number;
  hardDeclineBlockDays: number;
}

export const DEFAULT_DECLINE_LIMITS: Readonly<DeclineLimitSettings> = Object.freeze({
  customerDeclines: 3,
  customerWindowMinutes: 15,
  methodAttempts: 15,
  methodAttemptWindowDays: 30,
  methodDeclines: 10,
  methodDeclineWindowHours: 24,
  hardDeclineBlockDays: 30,
});

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** The settings as the store's rules, in milliseconds. */
export function rulesOf(settings: DeclineLimitSettings): DeclineLimitRules {
  return {
    customerDeclines: { limit: settings.customerDeclines, windowMs: settings.customerWindowMinutes * MINUTE_MS },
    methodAttempts: { limit: settings.methodAttempts, windowMs: settings.methodAttemptWindowDays * DAY_MS },
    methodDeclines: { limit: settings.methodDeclines, windowMs: settings.methodDeclineWindowHours * HOUR_MS },
    hardDeclineBlockMs: settings.hardDeclineBlockDays * DAY_MS,
  };
}

/** Each tenant's configured settings, the defaults for a tenant that configures none. */
export function settingsByTenant(
  tenants: ReadonlyArray<{ id: string; declineLimits?: DeclineLimitSettings }>,
): (tenant: string) => DeclineLimitSettings {
  const configured = new Map(tenants.map((tenant) => [tenant.id, tenant.declineLimits ?? DEFAULT_DECLINE_LIMITS]));
  return (tenant) => configured.get(tenant) ?? DEFAULT_DECLINE_LIMITS;
}
