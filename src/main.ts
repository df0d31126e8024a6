import { startTender } from './app.js';
import { ConfigError } from './config/checks.js';
import { DEMO_API_KEY } from './config/demo.js';
import { loadConfig } from './config/load.js';
import { createLogger } from './server/logger.js';

/**
 * `npm start`: with no configuration, Tender serves the built-in Stripe sandbox with an
 * in-memory store and the demo key; with TENDER_CONFIG (or a path argument) it serves
 * the configured accounts. SIGTERM and SIGINT drain in-flight calls before exit.
 */
async function main(): Promise<void> {
  const logger = createLogger({ level: process.env['LOG_LEVEL'] });
  let loaded;
  try {
    loaded = loadConfig({ path: process.argv[2] });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const tender = await startTender(loaded.config, { logger });
  logger.info({
    address: tender.grpc.address, http: tender.http?.address, store: tender.store.kind,
    accounts: loaded.config.accounts.map((a) => a.id),
  }, 'tender serving');
  if (loaded.path === undefined) printDemoHelp(tender.grpc.address);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining in-flight calls');
    tender.close(10_000).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

function printDemoHelp(address: string): void {
  process.stdout.write(`
Tender is serving the built-in Stripe sandbox on ${address} (no configuration given).
  API key:     ${DEMO_API_KEY}   (metadata "authorization: Bearer ${DEMO_API_KEY}")
  Try it:      npm run demo      (the sample call: find the caller, read the balance, charge the saved Visa)
  Demo caller: +1 415 555 0123 (Jordan Rivera, $247.00 open invoice); +1 415 555 0188 declines
  Reflection and health checking are on, e.g.
    grpcurl -plaintext -H 'authorization: Bearer ${DEMO_API_KEY}' -d '{"phone":"+14155550123"}' ${address} tender.v1.CustomerService/FindCustomers

`);
}

main().catch((error: unknown) => {
  process.stderr.write(`tender failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
