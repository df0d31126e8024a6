import { randomUUID } from 'node:crypto';
import type { MutationContext, ProcessorAdapter, ProcessorNotification } from '../../../core/processor-port.js';
import type { CustomerDirectory } from '../../../store/customer-directory.js';
import { createMemoryDirectory } from '../../../store/memory/memory-directory.js';
import { createMemoryLedger } from '../../../store/memory/memory-ledger.js';
import type { PaymentLedger } from '../../../store/payment-ledger.js';
import { ADYEN_DEMO_CUSTOMERS, startAdyenSandbox, type AdyenSandbox, type AdyenSandboxOptions } from '../../../sandboxes/adyen/index.js';
import { createAdyenAdapter, type AdyenAdapterSettings } from '../adapter.js';

export const TEST_ACCOUNT_ID = 'adyen-sandbox';

/**
 * The real @adyen/api-library over TLS to an in-process Adyen sandbox on an ephemeral
 * port, trusting only the sandbox's certificate, with Tender's in-memory customer
 * directory seeded with the demo people as the lead seeds a sandbox account, and a
 * payment ledger (in memory unless `overrides.ledger` names another).
 */
export interface AdyenTestBed {
  sandbox: AdyenSandbox;
  directory: CustomerDirectory;
  ledger: PaymentLedger;
  adapter: ProcessorAdapter;
  /** Another adapter on the same sandbox, directory and ledger (e.g. a second Tender instance). */
  adapterWith(overrides?: Partial<AdyenAdapterSettings>): ProcessorAdapter;
  /** Hands every queued sandbox notification to the adapter's parseWebhook. */
  deliverNotifications(to?: ProcessorAdapter): Promise<ProcessorNotification[]>;
  close(): Promise<void>;
}

export async function startAdyenTestBed(
  overrides: Partial<AdyenAdapterSettings> = {},
  sandboxOptions: AdyenSandboxOptions = {},
): Promise<AdyenTestBed> {
  const sandbox = await startAdyenSandbox(sandboxOptions);
  const directory = createMemoryDirectory();
  for (const customer of ADYEN_DEMO_CUSTOMERS) await directory.put(TEST_ACCOUNT_ID, customer);
  const ledger = overrides.ledger ?? createMemoryLedger();
  const adapterWith = (more: Partial<AdyenAdapterSettings> = {}) =>
    createAdyenAdapter({
      apiKey: sandbox.apiKey,
      merchantAccount: sandbox.merchantAccount,
      hmacKeyHex: sandbox.hmacKeyHex,
      baseUrl: sandbox.url,
      caCertificatePem: sandbox.caCertificatePem,
      timeoutMs: 2_000,
      directory,
      ledger,
      accountId: TEST_ACCOUNT_ID,
      captureDelayed: sandboxOptions.captureDelayed ?? false,
      ...overrides,
      ...more,
    });
  const adapter = adapterWith();
  return {
    sandbox,
    directory,
    ledger,
    adapter,
    adapterWith,
    async deliverNotifications(to = adapter) {
      const parse = to.parseWebhook;
      if (!parse) throw new Error('the adapter handles no webhooks');
      const found: ProcessorNotification[] = [];
      for (const body of sandbox.notifications.collect()) {
        found.push(...(await parse({ rawBody: Buffer.from(body), headers: { 'content-type': 'application/json' } })));
      }
      return found;
    },
    close: () => sandbox.close(),
  };
}

export function newContext(): MutationContext {
  return { processorIdempotencyKey: `adyen-test-${randomUUID()}` };
}
