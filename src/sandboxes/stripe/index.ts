/** Public surface of the Stripe sandbox. */
export { DEFAULT_SECRET_KEY, startStripeSandbox, type StripeSandbox, type StripeSandboxOptions } from './server.js';
export type { StripeState } from './state.js';
export type { SandboxClock } from '../shared/clock.js';
export type {
  StripeFaultMode as FaultMode, StripeFaultRegistry as FaultRegistry, StripeFaultSpec as FaultSpec,
} from './faults.js';
export { TEST_PAYMENT_METHODS } from './test-cards.js';
export type { StripeEvent, StripeEventType } from './events.js';
export { DEFAULT_WEBHOOK_SECRET, signatureHeader, type WebhookDeliveryRecord, type WebhookSender } from './webhook-sender.js';
