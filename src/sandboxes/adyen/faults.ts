import type { FaultRegistry, FaultRules, FaultSpec } from '../shared/faults.js';

/**
 * The faults the Adyen sandbox takes (shared/faults.ts): delay, error500 (answered as
 * Adyen's 500 internal error) and drop_after_commit, the modes the Stripe sandbox takes.
 */
export type AdyenFaultMode = 'delay' | 'error500' | 'drop_after_commit';
export type AdyenFaultRegistry = FaultRegistry<AdyenFaultMode>;
export type AdyenFaultSpec = FaultSpec<AdyenFaultMode>;

export const ADYEN_FAULT_RULES: FaultRules<AdyenFaultMode> = {
  modes: ['delay', 'error500', 'drop_after_commit'],
  pathExample: '/v72/payments',
};
