import { DEFAULT_DECLINE_LIMITS, type DeclineLimitSettings } from '../limits/settings.js';
import type { ConfigNode, IntegerRule } from './checks.js';

/**
 * Bounds of each decline-limit setting. Counts stop at 1000 and windows at what the
 * card-network rules look back over (30 days) with room to spare; a tenant may set
 * stricter or looser numbers than the defaults, and answers for the network fees of
 * looser ones (payments-domain.md, "Declines and retries").
 */
const BOUNDS: Readonly<Record<keyof DeclineLimitSettings, IntegerRule>> = {
  customerDeclines: { min: 1, max: 1000 },
  customerWindowMinutes: { min: 1, max: 7 * 24 * 60 },
  methodAttempts: { min: 1, max: 1000 },
  methodAttemptWindowDays: { min: 1, max: 90 },
  methodDeclines: { min: 1, max: 1000 },
  methodDeclineWindowHours: { min: 1, max: 30 * 24 },
  hardDeclineBlockDays: { min: 1, max: 365 },
};

const FIELDS = Object.keys(BOUNDS) as (keyof DeclineLimitSettings)[];

/** tenants[].declineLimits: absent stays absent (the defaults apply); given fields are checked, missing ones defaulted. */
export function validateDeclineLimits(node: ConfigNode): DeclineLimitSettings | undefined {
  if (!node.present || !node.object(FIELDS)) return undefined;
  const settings = { ...DEFAULT_DECLINE_LIMITS };
  for (const field of FIELDS) settings[field] = node.field(field).integer(BOUNDS[field]) ?? DEFAULT_DECLINE_LIMITS[field];
  return settings;
}
