/** Public surface of the Braintree sandbox. */
export {
  DEFAULT_MERCHANT_ID,
  DEFAULT_PRIVATE_KEY,
  DEFAULT_PUBLIC_KEY,
  startBraintreeSandbox,
  type BraintreeSandbox,
  type BraintreeSandboxOptions,
} from './server.js';
export type { BraintreeState } from './state.js';
export type {
  BraintreeFaultMode as FaultMode, BraintreeFaultRegistry as FaultRegistry, BraintreeFaultSpec as FaultSpec,
} from './faults.js';
export { FAKE_NONCES } from './test-nonces.js';
export { vaultTestCard, type TestCardBehaviour } from './test-cards.js';
export { deliveryBody, notificationFor, type SignedNotification } from './webhooks.js';
