import { inject } from 'vitest';
import { AccountService } from '../../src/gen/tender/v1/accounts_pb.js';
import { CustomerService } from '../../src/gen/tender/v1/customers_pb.js';
import { OperationsService } from '../../src/gen/tender/v1/operations_pb.js';
import { PaymentService } from '../../src/gen/tender/v1/payments_pb.js';
import { SubscriptionService } from '../../src/gen/tender/v1/subscriptions_pb.js';
import { startTender, type RunningTender } from '../../src/app.js';
import { validateConfig } from '../../src/config/validate.js';
import type { DeclineLimitSettings } from '../../src/limits/settings.js';
import { startStripeSandbox, type StripeSandbox } from '../../src/sandboxes/stripe/index.js';
import { hashApiKey } from '../../src/server/api-key.js';
import { makeClient } from '../../src/server/client.js';
import { capturingLogger } from '../../src/server/testing/test-server.js';
import { deleteKeysWithPrefix, uniqueKeyPrefix } from '../setup/redis-env.js';

/** API keys of the end-to-end configuration: two tenants, two read-only keys. */
export const KEYS = {
  acme: 'e2e-acme-all-scopes-key',
  acmeReadOnly: 'e2e-acme-customers-read-key',
  acmeOperationsRead: 'e2e-acme-operations-read-key',
  globex: 'e2e-globex-all-scopes-key',
} as const;

export interface TenderUnderTest {
  tender: RunningTender;
  /** The Stripe sandbox both accounts talk to, for counting what reached "Stripe". */
  stripe: StripeSandbox;
  address: string;
  customers: ReturnType<typeof makeClient<typeof CustomerService>>;
  payments: ReturnType<typeof makeClient<typeof PaymentService>>;
  subscriptions: ReturnType<typeof makeClient<typeof SubscriptionService>>;
  accounts: ReturnType<typeof makeClient<typeof AccountService>>;
  operations: ReturnType<typeof makeClient<typeof OperationsService>>;
  /** The first segment of every Redis key this Tender writes (its store's keyPrefix). */
  keyPrefix: string;
  /** Everything Tender logged so far. */
  logs(): string;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** "memory" (default), "redis" (the suite's Redis), or an explicit Redis URL. */
  store?: 'memory' | 'redis' | string;
  stripe?: StripeSandbox;
  timeoutMs?: number;
  maxNetworkRetries?: number;
  /** Decline limits per tenant (tenants[].declineLimits); the defaults where absent. */
  declineLimits?: { acme?: Partial<DeclineLimitSettings>; globex?: Partial<DeclineLimitSettings> };
}

/**
 * The Redis key prefix of this test file's Tenders. Each file runs in its own worker, so
 * its Tenders share state with each other, as processes on one Redis do, but never with
 * other files or earlier runs (decline limits would otherwise add up across runs for the
 * same demo customers). Removed when the file's last Tender on the suite's Redis closes.
 */
const KEY_PREFIX = uniqueKeyPrefix('e2e');
let openOnSuiteRedis = 0;

/**
 * Starts Tender the way production does (a validated configuration, secrets from the
 * environment, real gRPC on loopback) against a Stripe sandbox the test can inspect.
 * Two tenants each own one account on the same sandbox, so isolation is observable.
 */
export async function startTenderUnderTest(options: HarnessOptions = {}): Promise<TenderUnderTest> {
  const stripe = options.stripe ?? (await startStripeSandbox());
  const settings = {
    baseUrl: stripe.url,
    timeoutMs: options.timeoutMs ?? 5000,
    maxNetworkRetries: options.maxNetworkRetries ?? 1,
  };
  const store = options.store === undefined || options.store === 'memory'
    ? { kind: 'memory' }
    : { kind: 'redis', url: options.store === 'redis' ? inject('redisUrl') : options.store, keyPrefix: KEY_PREFIX };
  const config = validateConfig({
    listen: { grpc: '127.0.0.1:0' },
    store,
    accounts: [
      { id: 'acme-stripe', processor: 'stripe', credentials: { secretKey: { env: 'E2E_STRIPE_KEY' } }, settings },
      { id: 'globex-stripe', processor: 'stripe', credentials: { secretKey: { env: 'E2E_STRIPE_KEY' } }, settings },
    ],
    tenants: [
      { id: 'acme', accounts: ['acme-stripe'], ...limitsOf(options.declineLimits?.acme) },
      { id: 'globex', accounts: ['globex-stripe'], ...limitsOf(options.declineLimits?.globex) },
    ],
    apiKeys: [
      { id: 'acme-all', tenant: 'acme', sha256: hashApiKey(KEYS.acme), scopes: ['*'] },
      { id: 'acme-read', tenant: 'acme', sha256: hashApiKey(KEYS.acmeReadOnly), scopes: ['customers:read'] },
      { id: 'acme-ops-read', tenant: 'acme', sha256: hashApiKey(KEYS.acmeOperationsRead), scopes: ['operations:read'] },
      { id: 'globex-all', tenant: 'globex', sha256: hashApiKey(KEYS.globex), scopes: ['*'] },
    ],
  });
  const capture = capturingLogger();
  const tender = await startTender(config, { env: { E2E_STRIPE_KEY: stripe.secretKey }, logger: capture.logger });
  const address = tender.grpc.address;
  if (options.store === 'redis') openOnSuiteRedis += 1;
  const clients = {
    customers: makeClient(CustomerService, address),
    payments: makeClient(PaymentService, address),
    subscriptions: makeClient(SubscriptionService, address),
    accounts: makeClient(AccountService, address),
    operations: makeClient(OperationsService, address),
  };
  return {
    tender, stripe, address, ...clients,
    keyPrefix: KEY_PREFIX,
    logs: capture.output,
    async close() {
      for (const client of Object.values(clients)) client.close();
      await tender.close(1000);
      if (!options.stripe) await stripe.close();
      if (options.store === 'redis' && --openOnSuiteRedis === 0) await deleteKeysWithPrefix(KEY_PREFIX);
    },
  };
}

const limitsOf = (declineLimits: Partial<DeclineLimitSettings> | undefined) => (declineLimits ? { declineLimits } : {});

/** Call options for a key; deadlines keep a broken test from hanging. */
export const as = (apiKey: string) => ({ apiKey, deadlineMs: 15_000 });

/** The gRPC status code a failed call rejected with. */
export async function grpcError(promise: Promise<unknown>): Promise<{ code: number; details: string; field?: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code: number; details: string; metadata?: { get(key: string): unknown[] } };
    const field = e.metadata?.get('tender-field')[0];
    return { code: e.code, details: e.details, field: typeof field === 'string' ? field : undefined };
  }
  throw new Error('expected the call to fail');
}
