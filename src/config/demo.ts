import { hashApiKey } from '../server/api-key.js';
import type { TenderConfig } from './types.js';
import { DEFAULT_GRPC_ADDRESS, DEFAULT_IDEMPOTENCY, DEFAULT_REGION } from './validate.js';

/** The demo's HTTP side: health, metrics, webhooks and Tender's own payment pages. */
export const DEFAULT_HTTP_ADDRESS = '127.0.0.1:8080';

/**
 * The plaintext API key of the no-configuration mode. It is public on purpose: that
 * mode serves only the built-in sandbox, so the key guards nothing real. It is still
 * stored hashed, so the demo exercises the same authentication path as production.
 */
export const DEMO_API_KEY = 'tender-demo-key';

/**
 * What Tender runs with when no configuration file is given (DESIGN.md: "with no
 * configuration, npm start serves on sandboxes and an in-memory store"): one Stripe
 * sandbox account, one tenant, one all-scopes key.
 */
export function defaultConfig(): TenderConfig {
  return {
    listen: { grpc: DEFAULT_GRPC_ADDRESS, http: DEFAULT_HTTP_ADDRESS },
    phone: { defaultRegion: DEFAULT_REGION },
    store: { kind: 'memory' },
    idempotency: { ...DEFAULT_IDEMPOTENCY },
    accounts: [
      {
        id: 'demo-stripe',
        processor: 'stripe',
        displayName: 'Demo (Stripe sandbox)',
        sandbox: true,
        credentials: {},
        settings: {},
      },
      {
        id: 'demo-braintree',
        processor: 'braintree',
        displayName: 'Demo (Braintree sandbox)',
        sandbox: true,
        credentials: {},
        settings: {},
      },
      {
        id: 'demo-adyen',
        processor: 'adyen',
        displayName: 'Demo (Adyen sandbox)',
        sandbox: true,
        credentials: {},
        settings: {},
      },
    ],
    tenants: [{ id: 'demo', accounts: ['demo-stripe', 'demo-braintree', 'demo-adyen'], defaultAccount: 'demo-stripe' }],
    apiKeys: [{ id: 'demo', tenant: 'demo', sha256: hashApiKey(DEMO_API_KEY), scopes: ['*'] }],
  };
}
