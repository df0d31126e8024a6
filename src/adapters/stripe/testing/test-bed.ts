import type { ProcessorAdapter } from '../../../core/processor-port.js';
import { startStripeSandbox } from '../../../sandboxes/stripe/server.js';
import { createStripeAdapter, type StripeAdapterSettings } from '../adapter.js';
import { createStripeClient, type StripeClient } from '../client.js';

export type StripeSandbox = Awaited<ReturnType<typeof startStripeSandbox>>;

/**
 * The real SDK over real HTTP to an in-process Stripe sandbox on an ephemeral port.
 * `admin` is a plain SDK client for what the adapter never does (attaching test cards,
 * expiring sessions), to set up scenarios the way a Stripe dashboard user would.
 */
export interface StripeTestBed {
  sandbox: StripeSandbox;
  adapter: ProcessorAdapter;
  admin: StripeClient;
  close(): Promise<void>;
}

export async function startStripeTestBed(overrides: Partial<StripeAdapterSettings> = {}): Promise<StripeTestBed> {
  const sandbox = await startStripeSandbox();
  const connection = {
    secretKey: sandbox.secretKey,
    host: sandbox.host,
    port: sandbox.port,
    protocol: 'http' as const,
  };
  const adapter = createStripeAdapter({ ...connection, timeoutMs: 2_000, ...overrides });
  const admin = createStripeClient({ ...connection, maxNetworkRetries: 0 });
  return {
    sandbox,
    adapter,
    admin,
    async close() {
      await adapter.close?.();
      admin.close();
      await sandbox.close();
    },
  };
}

/** Attaches one of Stripe's documented test methods (e.g. pm_card_visa) and returns the new id. */
export async function attachTestMethod(bed: StripeTestBed, customerId: string, testId: string): Promise<string> {
  const attached = await bed.admin.api.paymentMethods.attach(testId, { customer: customerId });
  return attached.id;
}
