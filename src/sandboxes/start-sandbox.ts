import type { SandboxEndpoint } from '../adapters/create-adapter.js';
import type { ProcessorName } from '../core/types.js';
import { startStripeSandbox } from './stripe/index.js';

export interface RunningSandbox extends SandboxEndpoint {
  processor: ProcessorName;
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
        credentials: { secretKey: sandbox.secretKey },
        close: () => sandbox.close(),
      };
    }
    default:
      throw new Error(`no built-in sandbox for ${processor} in this version`);
  }
}
