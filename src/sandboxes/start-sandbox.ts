import type { SandboxEndpoint } from '../adapters/create-adapter.js';
import type { ProcessorName } from '../core/types.js';
import type { CustomerDirectory } from '../store/customer-directory.js';
import { ADYEN_DEMO_CUSTOMERS, startAdyenSandbox } from './adyen/index.js';
import { startBraintreeSandbox } from './braintree/index.js';
import { startStripeSandbox } from './stripe/index.js';

export interface RunningSandbox extends SandboxEndpoint {
  processor: ProcessorName;
  /** Points the sandbox's signed webhooks at Tender, where the sandbox sends them by itself. */
  deliverWebhooksTo?(url: string): void;
  close(): Promise<void>;
}

/**
 * Starts the built-in simulator for a processor in this process, on an ephemeral
 * loopback port, seeded with the demo customers. This is what lets Tender run with no
 * processor account at all, and what `sandbox: true` accounts talk to.
 */
export async function startSandbox(processor: ProcessorName): Promise<RunningSandbox> {
  switch (processor) {
    case 'stripe': {
      const sandbox = await startStripeSandbox();
      return {
        processor,
        baseUrl: sandbox.url,
        credentials: { secretKey: sandbox.secretKey, webhookSecret: sandbox.webhookSecret },
        deliverWebhooksTo: (url) => { sandbox.webhooks.url = url; },
        close: () => sandbox.close(),
      };
    }
    case 'braintree': {
      const sandbox = await startBraintreeSandbox();
      return {
        processor,
        baseUrl: sandbox.url,
        credentials: { publicKey: sandbox.publicKey, privateKey: sandbox.privateKey },
        settings: { merchantId: sandbox.merchantId },
        close: () => sandbox.close(),
      };
    }
    case 'adyen': {
      const sandbox = await startAdyenSandbox();
      return {
        processor,
        baseUrl: sandbox.url,
        credentials: { apiKey: sandbox.apiKey, hmacKey: sandbox.hmacKeyHex },
        settings: { merchantAccount: sandbox.merchantAccount },
        caCertificatePem: sandbox.caCertificatePem,
        close: () => sandbox.close(),
      };
    }
    default:
      throw new Error(`no built-in sandbox for ${processor} in this version`);
  }
}

/**
 * Adyen has no customer objects: Tender's directory holds the demo people for a sandbox
 * Adyen account, under the shopper references the sandbox seeded their cards with.
 */
export async function seedSandboxDirectory(processor: ProcessorName, accountId: string, directory: CustomerDirectory): Promise<void> {
  if (processor !== 'adyen') return;
  for (const customer of ADYEN_DEMO_CUSTOMERS) {
    if (!(await directory.get(accountId, customer.id))) await directory.put(accountId, customer);
  }
}
