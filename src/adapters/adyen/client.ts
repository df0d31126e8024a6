import { CheckoutAPI, Client, Config, EnvironmentEnum } from './sdk.js';
import { ADYEN_TEST_ORIGIN, BaseUrlTransport } from './transport.js';

export interface AdyenClientSettings {
  apiKey: string;
  /** Default https://checkout-test.adyen.com; a sandbox passes its https://127.0.0.1:port. */
  baseUrl?: string;
  /** PEM of the only CA to trust for `baseUrl` (a sandbox's self-signed certificate). */
  caCertificatePem?: string;
  /** Socket inactivity limit per request. Default 20 s: a voice call cannot wait for more. */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 20_000;

/** The Checkout services Tender uses, built once (CheckoutAPI's getters build a new one per access). */
export interface AdyenCheckout {
  payments: InstanceType<typeof CheckoutAPI>['PaymentsApi'];
  modifications: InstanceType<typeof CheckoutAPI>['ModificationsApi'];
  paymentLinks: InstanceType<typeof CheckoutAPI>['PaymentLinksApi'];
  recurring: InstanceType<typeof CheckoutAPI>['RecurringApi'];
}

/**
 * The official SDK, configured once per Adyen account. A plain config object would
 * have no timeout at all (processor-wire.md), so `connectionTimeoutMillis` is always
 * set. The SDK never retries; Tender's own retries reuse the Idempotency-Key, which
 * Adyen honours for at least 31 days.
 */
export function createAdyenCheckout(
  settings: AdyenClientSettings,
  transport = new BaseUrlTransport(settings.baseUrl ?? ADYEN_TEST_ORIGIN, settings.caCertificatePem),
): AdyenCheckout {
  const config = new Config({
    apiKey: settings.apiKey,
    environment: EnvironmentEnum.TEST,
    connectionTimeoutMillis: settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  const checkout = new CheckoutAPI(new Client(config, transport));
  return {
    payments: checkout.PaymentsApi,
    modifications: checkout.ModificationsApi,
    paymentLinks: checkout.PaymentLinksApi,
    recurring: checkout.RecurringApi,
  };
}
