import { randomUUID } from 'node:crypto';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { startTender, type RunningTender } from '../../../app.js';
import { validateConfig } from '../../../config/validate.js';
import { CustomerService } from '../../../gen/tender/v1/customers_pb.js';
import { PaymentService, type CreatePaymentLinkRequestSchema, type PaymentLink } from '../../../gen/tender/v1/payments_pb.js';
import { startBraintreeSandbox, type BraintreeSandbox } from '../../../sandboxes/braintree/index.js';
import { startStripeSandbox, type StripeSandbox } from '../../../sandboxes/stripe/index.js';
import { hashApiKey } from '../../../server/api-key.js';
import { makeClient } from '../../../server/client.js';
import { capturingLogger } from '../../../server/testing/test-server.js';

/** API keys: acme and globex share the Braintree account; acme also has a Stripe one. */
export const KEYS = { acme: 'pay-page-acme-key', globex: 'pay-page-globex-key' } as const;
export const BRAINTREE_ACCOUNT = 'acme-braintree';
export const STRIPE_ACCOUNT = 'acme-stripe';

export interface BraintreeTender {
  tender: RunningTender;
  braintree: BraintreeSandbox;
  /** "host:port" of Tender's HTTP side. */
  httpAddress: string;
  payments: ReturnType<typeof makeClient<typeof PaymentService>>;
  customers: ReturnType<typeof makeClient<typeof CustomerService>>;
  /** CreatePaymentLink on the Braintree account, as acme. */
  createLink(request?: LinkRequest): Promise<PaymentLink>;
  logs(): string;
  close(): Promise<void>;
}

export type LinkRequest = Omit<MessageInitShape<typeof CreatePaymentLinkRequestSchema>, '$typeName'>;

export const as = (apiKey: string) => ({ apiKey, deadlineMs: 15_000 });

/**
 * Tender as production runs it (validated configuration, secrets from the environment,
 * real gRPC and HTTP on loopback) with a Braintree account on the real SDK against a
 * Braintree sandbox the test can inspect, and a Stripe account for contrast.
 */
export interface BraintreeTenderOptions {
  store?: { kind: 'memory' } | { kind: 'redis'; url: string };
  /** A sandbox to share with another Tender (the caller closes it); default a new one. */
  braintree?: BraintreeSandbox;
  /** listen.publicUrl; default none (Tender then uses http://<its HTTP address>). */
  publicUrl?: string;
}

export async function startBraintreeTender(options: BraintreeTenderOptions = {}): Promise<BraintreeTender> {
  const braintree = options.braintree ?? (await startBraintreeSandbox());
  const closeBraintree = () => (options.braintree ? Promise.resolve() : braintree.close());
  let stripe: StripeSandbox | undefined;
  try {
    stripe = await startStripeSandbox();
    const config = validateConfig({
      listen: { grpc: '127.0.0.1:0', http: '127.0.0.1:0', ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}) },
      store: options.store ?? { kind: 'memory' },
      accounts: [
        {
          id: BRAINTREE_ACCOUNT, processor: 'braintree',
          credentials: { publicKey: { env: 'PAY_PAGE_BT_PUBLIC' }, privateKey: { env: 'PAY_PAGE_BT_PRIVATE' } },
          settings: { baseUrl: braintree.url, merchantId: braintree.merchantId, timeoutMs: 2_000 },
        },
        {
          id: STRIPE_ACCOUNT, processor: 'stripe', credentials: { secretKey: { env: 'PAY_PAGE_STRIPE_KEY' } },
          settings: { baseUrl: stripe.url, timeoutMs: 2_000, maxNetworkRetries: 0 },
        },
      ],
      tenants: [
        { id: 'acme', accounts: [BRAINTREE_ACCOUNT, STRIPE_ACCOUNT], defaultAccount: BRAINTREE_ACCOUNT },
        { id: 'globex', accounts: [BRAINTREE_ACCOUNT] },
      ],
      apiKeys: [
        { id: 'acme', tenant: 'acme', sha256: hashApiKey(KEYS.acme), scopes: ['*'] },
        { id: 'globex', tenant: 'globex', sha256: hashApiKey(KEYS.globex), scopes: ['*'] },
      ],
    });
    const capture = capturingLogger();
    const env = { PAY_PAGE_BT_PUBLIC: braintree.publicKey, PAY_PAGE_BT_PRIVATE: braintree.privateKey, PAY_PAGE_STRIPE_KEY: stripe.secretKey };
    const tender = await startTender(config, { env, logger: capture.logger });
    if (!tender.http) throw new Error('listen.http was set but Tender started no HTTP server');
    const payments = makeClient(PaymentService, tender.grpc.address);
    const customers = makeClient(CustomerService, tender.grpc.address);
    const running = stripe;
    return {
      tender, braintree, httpAddress: tender.http.address, payments, customers,
      async createLink(request = {}) {
        const { response } = await payments.createPaymentLink({
          idempotencyKey: randomUUID(), accountId: BRAINTREE_ACCOUNT, amount: { amount: 4_200n, currency: 'USD' },
          description: 'Invoice 7: boiler service', ...request,
        }, as(KEYS.acme));
        return response.paymentLink!;
      },
      logs: capture.output,
      async close() {
        payments.close();
        customers.close();
        await tender.close(1_000);
        await Promise.all([closeBraintree(), running.close()]);
      },
    };
  } catch (error) {
    await Promise.all([closeBraintree(), stripe?.close()]);
    throw error;
  }
}

/** The link id in the page URL: what follows "/pay/". */
export function pagePath(link: PaymentLink): string {
  return new URL(link.url).pathname;
}

/** POSTs a nonce body to the link's page as the page's script does. */
export async function postNonce(address: string, link: PaymentLink, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`http://${address}${pagePath(link)}/nonce`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
