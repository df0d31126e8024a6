import { startBraintreeSandbox } from './server.js';

/**
 * Runs the Braintree sandbox as its own process:
 *   BRAINTREE_SANDBOX_PORT (default 12112), BRAINTREE_SANDBOX_HOST (default 127.0.0.1),
 *   BRAINTREE_SANDBOX_MERCHANT_ID, BRAINTREE_SANDBOX_PUBLIC_KEY, BRAINTREE_SANDBOX_PRIVATE_KEY
 *   (defaults in server.ts; keys are never printed).
 */
const env = process.env;
const sandbox = await startBraintreeSandbox({
  port: Number(env.BRAINTREE_SANDBOX_PORT ?? 12112),
  host: env.BRAINTREE_SANDBOX_HOST ?? '127.0.0.1',
  ...(env.BRAINTREE_SANDBOX_MERCHANT_ID ? { merchantId: env.BRAINTREE_SANDBOX_MERCHANT_ID } : {}),
  ...(env.BRAINTREE_SANDBOX_PUBLIC_KEY ? { publicKey: env.BRAINTREE_SANDBOX_PUBLIC_KEY } : {}),
  ...(env.BRAINTREE_SANDBOX_PRIVATE_KEY ? { privateKey: env.BRAINTREE_SANDBOX_PRIVATE_KEY } : {}),
});
process.stdout.write(`Braintree sandbox listening on ${sandbox.url} (merchant ${sandbox.merchantId})\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sandbox.close().then(() => process.exit(0));
  });
}
