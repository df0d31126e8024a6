import type { ProcessorAdapter } from '../../../core/processor-port.js';
import { startBraintreeSandbox, type BraintreeSandbox, type BraintreeSandboxOptions } from '../../../sandboxes/braintree/server.js';
import { createBraintreeAdapter, type BraintreeAdapterSettings } from '../adapter.js';

/**
 * The real SDK over real HTTP to an in-process Braintree sandbox on an ephemeral port,
 * through the adapter. The sandbox's state and controls (settle, faults, test cards,
 * webhook notifications) stand in for what a merchant does in the Control Panel.
 */
export interface BraintreeTestBed {
  sandbox: BraintreeSandbox;
  adapter: ProcessorAdapter;
  /** The adapter's settings, to build another adapter on the same sandbox. */
  settings: BraintreeAdapterSettings;
  close(): Promise<void>;
}

export async function startBraintreeTestBed(
  overrides: Partial<BraintreeAdapterSettings> = {},
  sandboxOptions: BraintreeSandboxOptions = {},
): Promise<BraintreeTestBed> {
  const sandbox = await startBraintreeSandbox(sandboxOptions);
  const settings: BraintreeAdapterSettings = {
    merchantId: sandbox.merchantId,
    publicKey: sandbox.publicKey,
    privateKey: sandbox.privateKey,
    host: sandbox.host,
    port: sandbox.port,
    ssl: false,
    timeoutMs: 2_000,
    ...overrides,
  };
  const adapter = createBraintreeAdapter(settings);
  return {
    sandbox,
    adapter,
    settings,
    async close() {
      await adapter.close?.();
      await sandbox.close();
    },
  };
}

/** Sales the sandbox holds (every attempt, declined ones included; refunds are credits). */
export function countSales(sandbox: BraintreeSandbox): number {
  return [...sandbox.state.transactions.values()].filter((tx) => tx.type === 'sale').length;
}
