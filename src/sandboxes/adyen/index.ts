/** Public surface of the Adyen sandbox. */
export {
  DEFAULT_API_KEY, DEFAULT_HMAC_KEY_HEX, DEFAULT_MERCHANT_ACCOUNT, startAdyenSandbox,
  type AdyenSandbox, type AdyenSandboxOptions,
} from './server.js';
export { ADYEN_DEMO_CARDS, ADYEN_DEMO_CUSTOMERS, ADYEN_DEMO_SHOPPERS } from './seed.js';
export type { AdyenState, PaymentRecord, StoredPaymentMethodRecord } from './state.js';
export type { NotificationItem, NotificationOutbox } from './notifications.js';
export type { StoredPaymentMethodInput } from './resources/stored-payment-methods.js';
export { testOutcomes, type TestOutcome } from './test-outcomes.js';
