import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashApiKey } from '../../src/server/api-key.js';
import { BENCH_ACCOUNT_ID } from './messages.js';
import { REPO_ROOT, startProcess, type BenchProcess, type StartOptions } from './processes.js';

/**
 * Where Tender and the sandbox run from. Production runs the compiled JavaScript
 * (`npm start` is `node dist/main.js`), so the benchmark does too: `dist` after a fresh
 * `npm run build`. `src` runs the TypeScript through tsx, as in development; tsx turns
 * on source-mapped stack traces and keeps function names with extra calls, so its
 * figures are those of a development run, not of a deployment.
 */
export type RunFrom = 'dist' | 'src';

/** `src/x/main.ts` as run from `from`: itself, or its compiled `dist/x/main.js`. */
function entryPoint(source: string, from: RunFrom): string {
  return from === 'src' ? source : source.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js');
}

/** `npm run build` (tsc -p tsconfig.build.json), so that dist/ is the code in the tree. */
export function buildTender(): void {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', 'build'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (build.status !== 0) {
    throw new Error(`npm run build failed (${build.status ?? build.signal ?? build.error?.message}):\n${build.stdout}${build.stderr}`);
  }
}

/** The Stripe sandbox in its own process, on an ephemeral loopback port. */
export async function startSandboxProcess(workDir: string, from: RunFrom, options: StartOptions = {}): Promise<{ process: BenchProcess; url: string }> {
  const sandbox = startProcess('Stripe sandbox', entryPoint('src/sandboxes/stripe/main.ts', from), join(workDir, 'sandbox.log'), {
    ...options,
    env: { STRIPE_SANDBOX_PORT: '0', ...options.env },
  });
  const [, url] = await sandbox.waitForLine(/sandbox listening on (https?:\/\/\S+)/);
  return { process: sandbox, url: url! };
}

export interface TenderDeployment {
  process: BenchProcess;
  address: string;
  tenant: string;
  apiKey: string;
}

/**
 * Tender as production runs it: `dist/main.js <config file>` in its own process, with a
 * Stripe account on the sandbox (credentials by environment variable), the Redis store
 * and the default log level, so every call writes its log line (to a file here).
 */
export async function startTenderProcess(
  workDir: string,
  settings: { redisUrl: string; sandboxUrl: string; secretKey: string; from: RunFrom },
  options: StartOptions = {},
): Promise<TenderDeployment> {
  const suffix = randomBytes(4).toString('hex');
  const tenant = `bench-${suffix}`;
  const apiKey = `bench-key-${randomBytes(16).toString('hex')}`;
  const config = {
    listen: { grpc: '127.0.0.1:0' },
    store: { kind: 'redis', url: settings.redisUrl },
    // The shortest retention the configuration allows, should a run's cleanup not happen.
    idempotency: { retentionHours: 1 },
    accounts: [{
      id: BENCH_ACCOUNT_ID,
      processor: 'stripe',
      credentials: { secretKey: { env: 'BENCH_STRIPE_SECRET_KEY' } },
      settings: { baseUrl: settings.sandboxUrl },
    }],
    tenants: [{ id: tenant, accounts: [BENCH_ACCOUNT_ID] }],
    apiKeys: [{ id: 'bench', tenant, sha256: hashApiKey(apiKey), scopes: ['payments:write'] }],
  };
  const configFile = join(workDir, 'tender.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const tender = startProcess('Tender', entryPoint('src/main.ts', settings.from), join(workDir, 'tender.log'), {
    ...options,
    args: [configFile],
    env: { BENCH_STRIPE_SECRET_KEY: settings.secretKey, ...options.env },
  });
  const [, address] = await tender.waitForLine(/"address":"([^"]+)".*"msg":"tender serving"/);
  return { process: tender, address: address!, tenant, apiKey };
}
