import { declineResponse, type ChargeOutcome, type GatewayRejectionReason } from './processor-responses.js';
import type { CardDetails, SandboxCreditCard } from './records.js';
import { vaultCard } from './resources/credit-cards.js';
import type { BraintreeState } from './state.js';

/**
 * Sandbox test cards: vaulted cards flagged with a behaviour, so that a charge of any
 * amount on them answers that outcome. Real Braintree decides a vaulted card's outcome
 * by the test amount only (processor-responses.ts); the flag is this sandbox's way to
 * give a saved card a lasting decline (the demo's Sam, the contract's declining
 * methods), the way the Stripe sandbox's test cards do. A flagged card's last four
 * digits are its decline code, so a person can tell them apart.
 */
export type TestCardBehaviour =
  | { declineCode: string }
  | { gatewayRejectionReason: GatewayRejectionReason }
  | { failure: true };

export interface TestCardOptions {
  token?: string;
  last4?: string;
  makeDefault?: boolean;
}

const REJECTION_LAST4: Readonly<Record<GatewayRejectionReason, string>> = {
  application_incomplete: '5001',
  avs: '0101',
  avs_and_cvv: '0103',
  cvv: '0102',
  duplicate: '0104',
  excessive_retry: '0105',
  fraud: '1511',
  risk_threshold: '0003',
  three_d_secure: '3184',
  token_issuance: '0106',
};

export function testCardDetails(behaviour: TestCardBehaviour, last4?: string): CardDetails {
  const [outcome, digits]: [ChargeOutcome, string] =
    'declineCode' in behaviour
      ? [{ kind: 'processor_decline', code: declineResponse(behaviour.declineCode).code }, behaviour.declineCode.slice(-4)]
      : 'gatewayRejectionReason' in behaviour
        ? [{ kind: 'gateway_reject', reason: behaviour.gatewayRejectionReason }, REJECTION_LAST4[behaviour.gatewayRejectionReason]]
        : [{ kind: 'fail' }, '3000'];
  return {
    cardType: 'Visa',
    bin: '400000',
    last4: last4 ?? digits,
    expirationMonth: '12',
    expirationYear: '2030',
    behaviour: outcome,
  };
}

export function vaultTestCard(
  state: BraintreeState,
  customerId: string,
  behaviour: TestCardBehaviour,
  options: TestCardOptions = {},
): SandboxCreditCard {
  if (!state.customers.has(customerId)) throw new Error(`no sandbox customer ${customerId}`);
  const { last4, ...vault } = options;
  return vaultCard(state, customerId, testCardDetails(behaviour, last4), vault);
}

const REJECTION_REASONS = new Set(Object.keys(REJECTION_LAST4));

/** Reads a behaviour given as JSON (POST /_sandbox/customers/{id}/test_cards). */
export function testCardBehaviourOf(input: Record<string, unknown>): TestCardBehaviour {
  if (typeof input.decline_code === 'string' && /^2\d{3}$/.test(input.decline_code)) {
    return { declineCode: input.decline_code };
  }
  if (typeof input.gateway_rejection_reason === 'string' && REJECTION_REASONS.has(input.gateway_rejection_reason)) {
    return { gatewayRejectionReason: input.gateway_rejection_reason as GatewayRejectionReason };
  }
  if (input.failure === true) return { failure: true };
  throw new TypeError('give decline_code (2000-2999), gateway_rejection_reason or failure: true');
}
