import { readFileSync } from 'node:fs';
import { ConfigError } from '../config/checks.js';
import type { AccountConfig } from '../config/types.js';
import type { ProcessorAdapter } from '../core/processor-port.js';
import type { CustomerDirectory } from '../store/customer-directory.js';
import type { PaymentLedger } from '../store/payment-ledger.js';
import { createAdyenAdapter } from './adyen/adapter.js';
import { createBraintreeAdapter } from './braintree/adapter.js';
import { createStripeAdapter } from './stripe/adapter.js';

/** Where a sandbox account's adapter should send its calls, and with which keys. */
export interface SandboxEndpoint {
  baseUrl: string;
  credentials: Readonly<Record<string, string>>;
  /** Settings the sandbox dictates (e.g. its merchant account). */
  settings?: Readonly<Record<string, string>>;
  /** The sandbox's self-signed certificate, trusted for its base URL only. */
  caCertificatePem?: string;
}

export interface AdapterInput {
  account: AccountConfig;
  /** Resolved credentials by name (src/config/secrets.ts). */
  credentials: Readonly<Record<string, string>>;
  /** Set for `sandbox: true` accounts: the built-in sandbox serving this account. */
  sandbox?: SandboxEndpoint;
  phoneRegion: string;
  /** Tender's customer records, for processors without customer objects (Adyen). */
  directory: CustomerDirectory;
  /** Tender's record of payments, for processors without a payment lookup (Adyen). */
  ledger: PaymentLedger;
}

/**
 * The one place that turns an account's configuration into its adapter. Code outside
 * src/adapters/ never imports a processor SDK (DESIGN.md), so adding a processor means
 * a folder under src/adapters/ and a case here.
 */
export function createAdapter(input: AdapterInput): ProcessorAdapter {
  const { account } = input;
  const credentials = { ...input.credentials, ...input.sandbox?.credentials };
  const baseUrl = input.sandbox?.baseUrl ?? stringSetting(account, 'baseUrl');
  switch (account.processor) {
    case 'stripe':
      return createStripeAdapter({
        secretKey: required(account, credentials, 'secretKey'),
        webhookSecret: credentials['webhookSecret'],
        ...endpointOf(account, baseUrl),
        timeoutMs: numberSetting(account, 'timeoutMs'),
        maxNetworkRetries: numberSetting(account, 'maxNetworkRetries'),
        checkoutSuccessUrl: stringSetting(account, 'checkoutSuccessUrl'),
        phoneRegion: input.phoneRegion,
      });
    case 'braintree': {
      const endpoint = endpointOf(account, baseUrl);
      const environment = stringSetting(account, 'environment');
      return createBraintreeAdapter({
        merchantId: input.sandbox?.settings?.['merchantId'] ?? requiredSetting(account, 'merchantId'),
        publicKey: required(account, credentials, 'publicKey'),
        privateKey: required(account, credentials, 'privateKey'),
        ...(environment === 'production' || environment === 'sandbox' ? { environment } : {}),
        ...(endpoint.host === undefined ? {} : { host: endpoint.host, port: endpoint.port, ssl: endpoint.protocol === 'https' }),
        timeoutMs: numberSetting(account, 'timeoutMs'),
        merchantAccountId: stringSetting(account, 'merchantAccountId'),
        currency: stringSetting(account, 'currency'),
        metadataCustomField: stringSetting(account, 'metadataCustomField'),
        phoneRegion: input.phoneRegion,
      });
    }
    case 'adyen':
      return createAdyenAdapter({
        apiKey: required(account, credentials, 'apiKey'),
        hmacKeyHex: credentials['hmacKey'],
        previousHmacKeyHex: credentials['previousHmacKey'],
        merchantAccount: input.sandbox?.settings?.['merchantAccount'] ?? requiredSetting(account, 'merchantAccount'),
        baseUrl,
        caCertificatePem: input.sandbox?.caCertificatePem ?? certificateFile(account),
        timeoutMs: numberSetting(account, 'timeoutMs'),
        returnUrl: stringSetting(account, 'returnUrl'),
        directory: input.directory,
        ledger: input.ledger,
        accountId: account.id,
        phoneRegion: input.phoneRegion,
      });
    default:
      throw new ConfigError([`config: account "${account.id}": processor ${account.processor} is not available in this version`]);
  }
}

function required(account: AccountConfig, credentials: Record<string, string>, name: string): string {
  const value = credentials[name];
  if (!value) {
    throw new ConfigError([`config: accounts "${account.id}".credentials.${name}: required for ${account.processor} (name an environment variable)`]);
  }
  return value;
}

/**
 * `settings.caCertificateFile`: a PEM file holding the only CA to trust for the
 * account's baseUrl (a private sandbox, or a proxy with its own CA). Never a way to turn
 * certificate checks off.
 */
function certificateFile(account: AccountConfig): string | undefined {
  const path = stringSetting(account, 'caCertificateFile');
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError([`config: accounts "${account.id}".settings.caCertificateFile: cannot read ${path}`]);
  }
}

function requiredSetting(account: AccountConfig, name: string): string {
  const value = stringSetting(account, name);
  if (!value) throw new ConfigError([`config: accounts "${account.id}".settings.${name}: required for ${account.processor}`]);
  return value;
}

function endpointOf(
  account: AccountConfig,
  baseUrl: string | undefined,
): { host?: string; port?: number; protocol?: 'http' | 'https' } {
  if (baseUrl === undefined) return {};
  const url = new URL(baseUrl);
  const protocol = url.protocol === 'http:' ? 'http' as const : 'https' as const;
  const port = url.port === '' ? (protocol === 'http' ? 80 : 443) : Number(url.port);
  if (url.pathname !== '/' && url.pathname !== '') {
    throw new ConfigError([`config: accounts "${account.id}".settings.baseUrl: must have no path`]);
  }
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port, protocol };
}

function stringSetting(account: AccountConfig, name: string): string | undefined {
  const value = account.settings[name];
  return typeof value === 'string' ? value : undefined;
}

function numberSetting(account: AccountConfig, name: string): number | undefined {
  const value = account.settings[name];
  return typeof value === 'number' ? value : undefined;
}
