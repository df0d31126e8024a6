import { issue, type ValidationIssue } from './errors.js';
import type { ChargeOutcome } from './processor-responses.js';
import type { CardDetails } from './records.js';
import type { BraintreeState } from './state.js';

/**
 * Braintree's documented sandbox nonces (developer.paypal.com/braintree/docs/reference/
 * general/testing, "Nonces"; the SDK lists them in lib/braintree/test_values/nonces.js).
 * The fake nonces are static and reusable; a nonce the sandbox itself issued (the hosted
 * page's client API) is single use, like a real one.
 */
function card(cardType: string, bin: string, last4: string, behaviour: ChargeOutcome = { kind: 'approve' }): CardDetails {
  return { cardType, bin, last4, expirationMonth: '12', expirationYear: '2031', behaviour };
}

const DECLINED_2000: ChargeOutcome = { kind: 'processor_decline', code: '2000' };

export const FAKE_NONCES: Readonly<Record<string, CardDetails>> = {
  'fake-valid-nonce': card('Visa', '401288', '1881'),
  'fake-valid-visa-nonce': card('Visa', '411111', '1111'),
  'fake-valid-mastercard-nonce': card('MasterCard', '555555', '4444'),
  'fake-valid-amex-nonce': card('American Express', '378282', '0005'),
  'fake-valid-discover-nonce': card('Discover', '601111', '1117'),
  'fake-valid-jcb-nonce': card('JCB', '353011', '0000'),
  'fake-processor-declined-visa-nonce': card('Visa', '400011', '1115', DECLINED_2000),
  'fake-processor-declined-mastercard-nonce': card('MasterCard', '510510', '5100', DECLINED_2000),
  'fake-processor-declined-amex-nonce': card('American Express', '378734', '1000', DECLINED_2000),
  'fake-processor-declined-discover-nonce': card('Discover', '601100', '9424', DECLINED_2000),
  'fake-processor-failure-jcb-nonce': card('JCB', '356600', '0505', { kind: 'fail' }),
  'fake-gateway-rejected-fraud-nonce': card('Visa', '400011', '1511', { kind: 'gateway_reject', reason: 'fraud' }),
  'fake-gateway-rejected-risk-thresholds-nonce': card('Visa', '411113', '0003', {
    kind: 'gateway_reject',
    reason: 'risk_threshold',
  }),
};

export type NonceProblem = 'consumed' | 'unknown' | 'luhn_invalid';

const PROBLEM_NONCES: Readonly<Record<string, NonceProblem>> = {
  'fake-consumed-nonce': 'consumed',
  'fake-luhn-invalid-nonce': 'luhn_invalid',
};

export type NonceResolution = { card: CardDetails } | { problem: NonceProblem };

export function resolveNonce(state: BraintreeState, nonce: string): NonceResolution {
  const fake = FAKE_NONCES[nonce];
  if (fake) return { card: { ...fake } };
  const problem = PROBLEM_NONCES[nonce];
  if (problem) return { problem };
  const issued = state.nonces.get(nonce);
  if (!issued) return { problem: 'unknown' };
  if (issued.consumed) return { problem: 'consumed' };
  return { card: { ...issued.card } };
}

/** Marks a sandbox-issued nonce used; the static fake nonces stay reusable. */
export function consumeNonce(state: BraintreeState, nonce: string): void {
  const issued = state.nonces.get(nonce);
  if (issued) issued.consumed = true;
}

type NonceResource = 'transaction' | 'customer' | 'payment_method';

/** Each resource reports a bad nonce under its own codes (SDK validation_error_codes.js). */
const CODES: Readonly<Record<NonceResource, { scope: string[]; consumed: string; unknown: string }>> = {
  transaction: { scope: ['transaction'], consumed: '91564', unknown: '91565' },
  customer: { scope: ['customer', 'credit-card'], consumed: '91731', unknown: '91732' },
  payment_method: { scope: ['payment-method'], consumed: '93107', unknown: '93108' },
};

export function nonceIssue(problem: NonceProblem, resource: NonceResource): ValidationIssue {
  const { scope, consumed, unknown } = CODES[resource];
  switch (problem) {
    case 'consumed':
      return issue(scope, consumed, 'payment_method_nonce', 'Cannot use a payment_method_nonce more than once.');
    case 'unknown':
      return issue(scope, unknown, 'payment_method_nonce', 'Unknown payment_method_nonce.');
    case 'luhn_invalid': {
      const cardScope = resource === 'customer' ? scope : [...scope, 'credit-card'];
      return issue(cardScope, '81715', 'number', 'Credit card number is invalid.');
    }
  }
}
