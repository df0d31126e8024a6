import Stripe from 'stripe';
import { startStripeSandbox, type StripeSandbox, type StripeSandboxOptions } from '../server.js';

/**
 * For the sandbox's own tests: a sandbox on an ephemeral port and the real stripe-node
 * SDK pointed at it over HTTP, configured as notes/stripe-wire.md says the adapter is.
 */
export interface SandboxTestBed {
  sandbox: StripeSandbox;
  /** SDK client without retries. */
  stripe: Stripe;
  /** Another SDK client on the same sandbox, e.g. with retries or a short timeout. */
  client(config?: Stripe.StripeConfig): Stripe;
  close(): Promise<void>;
}

export async function openTestBed(options: StripeSandboxOptions = {}): Promise<SandboxTestBed> {
  const sandbox = await startStripeSandbox(options);
  const client = (config: Stripe.StripeConfig = {}) =>
    new Stripe(sandbox.secretKey, {
      host: sandbox.host,
      port: sandbox.port,
      protocol: 'http',
      maxNetworkRetries: 0,
      telemetry: false,
      ...config,
    });
  return { sandbox, stripe: client(), client, close: () => sandbox.close() };
}

/** The error a rejected SDK call threw (fails the test when the call succeeded). */
export async function failureOf(call: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const outcome = await call.then(
    () => new Error('expected the Stripe call to fail, it succeeded'),
    (error: unknown) => error,
  );
  if (!(outcome instanceof Stripe.errors.StripeError)) throw outcome;
  return outcome;
}
