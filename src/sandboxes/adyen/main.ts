import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAdyenSandbox } from './server.js';

/**
 * Runs the Adyen sandbox as its own process:
 *   ADYEN_SANDBOX_PORT (default 12113), ADYEN_SANDBOX_HOST (default 127.0.0.1),
 *   ADYEN_SANDBOX_API_KEY, ADYEN_SANDBOX_MERCHANT_ACCOUNT, ADYEN_SANDBOX_HMAC_KEY
 *   (defaults in server.ts; keys are never printed),
 *   ADYEN_SANDBOX_CA_FILE: where the server's certificate is written (PEM), for the
 *   Tender account that trusts it (default <tmpdir>/tender-adyen-sandbox-ca.pem).
 */
const env = process.env;
const sandbox = await startAdyenSandbox({
  port: Number(env.ADYEN_SANDBOX_PORT ?? 12113),
  host: env.ADYEN_SANDBOX_HOST ?? '127.0.0.1',
  ...(env.ADYEN_SANDBOX_API_KEY ? { apiKey: env.ADYEN_SANDBOX_API_KEY } : {}),
  ...(env.ADYEN_SANDBOX_MERCHANT_ACCOUNT ? { merchantAccount: env.ADYEN_SANDBOX_MERCHANT_ACCOUNT } : {}),
  ...(env.ADYEN_SANDBOX_HMAC_KEY ? { hmacKey: env.ADYEN_SANDBOX_HMAC_KEY } : {}),
});
const caFile = env.ADYEN_SANDBOX_CA_FILE ?? join(tmpdir(), 'tender-adyen-sandbox-ca.pem');
await writeFile(caFile, sandbox.caCertificatePem, { mode: 0o644 });
process.stdout.write(
  `Adyen sandbox listening on ${sandbox.url} (merchant account ${sandbox.merchantAccount}); certificate in ${caFile}\n`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sandbox.close().then(() => process.exit(0));
  });
}
