import type { FaultRegistry, FaultRules, FaultSpec } from '../shared/faults.js';

/**
 * The faults the Braintree sandbox takes (shared/faults.ts): every mode, since the SDK
 * maps 500, 503 and 504 to error types of its own (serverError,
 * serviceUnavailableError, gatewayTimeoutError); an error mode answers its status with
 * an empty body, as Braintree's gateway does.
 */
export type BraintreeFaultMode = 'delay' | 'error500' | 'error503' | 'error504' | 'drop_after_commit';
export type BraintreeFaultSpec = FaultSpec<BraintreeFaultMode>;
export type BraintreeFaultRegistry = FaultRegistry<BraintreeFaultMode>;

export const BRAINTREE_FAULT_RULES: FaultRules<BraintreeFaultMode> = {
  modes: ['delay', 'error500', 'error503', 'error504', 'drop_after_commit'],
  pathExample: '/merchants/m/transactions',
};
