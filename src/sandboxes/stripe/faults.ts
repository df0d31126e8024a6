import type { FaultRegistry, FaultRules, FaultSpec } from '../shared/faults.js';

/**
 * The faults the Stripe sandbox takes (shared/faults.ts): stripe-node treats every 5xx
 * alike, so one error mode, error500, answered as a 500 api_error.
 */
export type StripeFaultMode = 'delay' | 'error500' | 'drop_after_commit';
export type StripeFaultSpec = FaultSpec<StripeFaultMode>;
export type StripeFaultRegistry = FaultRegistry<StripeFaultMode>;

export const STRIPE_FAULT_RULES: FaultRules<StripeFaultMode> = {
  modes: ['delay', 'error500', 'drop_after_commit'],
  pathExample: '/v1/payment_intents',
};
