import { randomBytes, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProcessorName } from '../../src/core/types.js';
import { CustomerService } from '../../src/gen/tender/v1/customers_pb.js';
import { PaymentService } from '../../src/gen/tender/v1/payments_pb.js';
import { DEFAULT_API_KEY, DEFAULT_MERCHANT_ACCOUNT } from '../../src/sandboxes/adyen/index.js';
import { DEFAULT_MERCHANT_ID, DEFAULT_PRIVATE_KEY, DEFAULT_PUBLIC_KEY } from '../../src/sandboxes/braintree/index.js';
import { DEFAULT_SECRET_KEY } from '../../src/sandboxes/stripe/index.js';
import { hashApiKey } from '../../src/server/api-key.js';
import { makeClient } from '../../src/server/client.js';
import { startChild, type RunningChild } from './child-process.js';
import type { SandboxProcess } from './sandbox-processes.js';

/**
 * Tender run as production runs it: `node --import tsx src/main.ts <config file>`, one
 * process per instance, configured only by its file (and the credentials' environment
 * variables). Instances of one deployment share the file's accounts, tenant and key,
 * and one Redis, so they behave as one service or not at all.
 */
export interface Deployment {
  /** The tenant every account belongs to: idempotency keys are scoped by it. */
  tenant: string;
  apiKey: string;
  /** The accounts, by the names the test gave them. */
  accounts: Record<string, ProcessorAccount>;
  configFile: string;
  env: Record<string, string>;
}

export interface ProcessorAccount {
  id: string;
  processor: ProcessorName;
}

export interface AccountSpec {
  sandbox: SandboxProcess;
  /** Adapter timeout per processor call (ms); default 10 s, beyond every delay a test injects. */
  timeoutMs?: number;
}

/**
 * A tenant owning one account per spec (named `<name>-<random>`), on `redisUrl`, written
 * to `dir`. Names are lower-case letters, digits and dashes, as account ids are.
 */
export async function writeDeployment(
  dir: string,
  options: { redisUrl: string; leaseSeconds: number; accounts: Record<string, AccountSpec> },
): Promise<Deployment> {
  const suffix = randomUUID().slice(0, 8);
  const tenant = `mp-${suffix}`;
  const apiKey = `mp-key-${randomBytes(16).toString('hex')}`;
  const accounts: Record<string, ProcessorAccount> = {};
  const env: Record<string, string> = {
    MP_STRIPE_KEY: DEFAULT_SECRET_KEY,
    MP_BRAINTREE_PUBLIC: DEFAULT_PUBLIC_KEY,
    MP_BRAINTREE_PRIVATE: DEFAULT_PRIVATE_KEY,
    MP_ADYEN_KEY: DEFAULT_API_KEY,
  };
  const accountConfigs = Object.entries(options.accounts).map(([name, { sandbox, timeoutMs = 10_000 }]) => {
    const account = { id: `${name}-${suffix}`, processor: sandbox.processor };
    accounts[name] = account;
    // Node trusts the Adyen sandbox's self-signed certificate as an extra root, as an
    // operator would install a private CA: Tender's account config has no CA setting.
    if (sandbox.caFile) env['NODE_EXTRA_CA_CERTS'] = sandbox.caFile;
    return { ...account, ...ACCOUNT_SHAPES[sandbox.processor](sandbox.url, timeoutMs) };
  });
  const config = {
    listen: { grpc: '127.0.0.1:0' },
    store: { kind: 'redis', url: options.redisUrl },
    // The shortest retention the config allows, so what a run leaves in Redis expires;
    // unknown outcomes looked for every second, so the tests need not wait long.
    idempotency: { leaseSeconds: options.leaseSeconds, retentionHours: 1, reconcileIntervalSeconds: 1 },
    accounts: accountConfigs,
    tenants: [{ id: tenant, accounts: accountConfigs.map((account) => account.id), declineLimits: LOOSE_DECLINE_LIMITS }],
    apiKeys: [{ id: 'multiprocess', tenant, sha256: hashApiKey(apiKey), scopes: ['*'] }],
  };
  const configFile = join(dir, `tender-${suffix}.json`);
  await writeFile(configFile, JSON.stringify(config, null, 2));
  return { tenant, apiKey, accounts, configFile, env };
}

/**
 * These tests charge one approving demo customer many times at once. The default decline
 * limits count every unfinished charge as a possible decline (3 per customer), so they
 * would refuse most of that load with RESOURCE_EXHAUSTED before it reached the
 * idempotency behaviour under test; the limits have their own tests.
 */
const LOOSE_DECLINE_LIMITS = { customerDeclines: 1000, methodAttempts: 1000, methodDeclines: 1000 };

/** Each processor's account entry for a sandbox at `url`; secrets by environment variable. */
const ACCOUNT_SHAPES: Record<ProcessorName, (url: string, timeoutMs: number) => object> = {
  stripe: (baseUrl, timeoutMs) => ({
    credentials: { secretKey: { env: 'MP_STRIPE_KEY' } },
    // No SDK retries: a timeout must reach Tender as a timeout.
    settings: { baseUrl, timeoutMs, maxNetworkRetries: 0 },
  }),
  braintree: (baseUrl, timeoutMs) => ({
    credentials: { publicKey: { env: 'MP_BRAINTREE_PUBLIC' }, privateKey: { env: 'MP_BRAINTREE_PRIVATE' } },
    settings: { baseUrl, timeoutMs, merchantId: DEFAULT_MERCHANT_ID },
  }),
  adyen: (baseUrl, timeoutMs) => ({
    credentials: { apiKey: { env: 'MP_ADYEN_KEY' } },
    settings: { baseUrl, timeoutMs, merchantAccount: DEFAULT_MERCHANT_ACCOUNT },
  }),
};

export interface TenderProcess {
  name: string;
  address: string;
  payments: ReturnType<typeof makeClient<typeof PaymentService>>;
  customers: ReturnType<typeof makeClient<typeof CustomerService>>;
  child: RunningChild;
  /** SIGKILL: the process dies mid-call, nothing drained, nothing cleaned up. */
  kill(): Promise<void>;
}

/** Starts one Tender instance of `deployment` and waits until it serves gRPC. */
export async function startTenderProcess(name: string, deployment: Deployment): Promise<TenderProcess> {
  const child = startChild(name, 'src/main.ts', [deployment.configFile], deployment.env);
  const [, address] = await child.waitForLine(/"address":"([^"]+)".*"msg":"tender serving"/);
  const payments = makeClient(PaymentService, address!);
  const customers = makeClient(CustomerService, address!);
  return {
    name, address: address!, payments, customers, child,
    async kill() {
      payments.close();
      customers.close();
      await child.kill();
    },
  };
}
