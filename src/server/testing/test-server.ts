import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { hashApiKey } from '../api-key.js';
import type { ApiKeyConfig } from '../../config/types.js';
import type { ServiceRegistration } from '../bridge.js';
import { startGrpcServer, type RunningGrpcServer } from '../lifecycle.js';
import { createLogger, silentLogger } from '../logger.js';

/** Plaintext test keys and the configuration entries that accept them. */
export const TEST_KEYS = {
  accountsReader: 'test-key-accounts-reader',
  customersReader: 'test-key-customers-reader',
  everything: 'test-key-everything',
} as const;

export const TEST_API_KEYS: readonly ApiKeyConfig[] = [
  { id: 'accounts-reader', tenant: 'acme', sha256: hashApiKey(TEST_KEYS.accountsReader), scopes: ['accounts:read'] },
  { id: 'customers-reader', tenant: 'acme', sha256: hashApiKey(TEST_KEYS.customersReader), scopes: ['customers:read'] },
  { id: 'everything', tenant: 'globex', sha256: hashApiKey(TEST_KEYS.everything), scopes: ['*'] },
];

/** A logger whose output lines are kept in memory, for assertions on what was logged. */
export function capturingLogger(): { logger: Logger; output: () => string; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  const output = () => chunks.join('');
  const lines = () =>
    output()
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, output, lines };
}

/** Starts a real server on an ephemeral 127.0.0.1 port with the test keys. */
export function startTestServer(
  services: readonly ServiceRegistration[],
  logger: Logger = silentLogger(),
): Promise<RunningGrpcServer> {
  return startGrpcServer({ address: '127.0.0.1:0', services, auth: { apiKeys: TEST_API_KEYS }, logger });
}
