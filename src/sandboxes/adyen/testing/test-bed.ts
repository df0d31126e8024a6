import { request } from 'node:https';
import { createAdyenCheckout, type AdyenCheckout, type AdyenClientSettings } from '../../../adapters/adyen/client.js';
import { WIRE } from '../../../adapters/adyen/sdk.js';
import { BaseUrlTransport } from '../../../adapters/adyen/transport.js';
import { startAdyenSandbox, type AdyenSandbox, type AdyenSandboxOptions } from '../server.js';

/**
 * For the sandbox's own tests: a sandbox on an ephemeral port and the real
 * @adyen/api-library over TLS, trusting only the sandbox's certificate, through the
 * same transport the adapter uses. `responses` keeps the raw JSON bodies the SDK
 * received (the SDK's deserializer drops fields it does not know, so shapes are checked
 * on the raw bodies).
 */
export interface SandboxTestBed {
  sandbox: AdyenSandbox;
  checkout: AdyenCheckout;
  responses: unknown[];
  /** Another SDK client on the same sandbox, e.g. with a short timeout or another key. */
  client(overrides?: Partial<AdyenClientSettings>): AdyenCheckout;
  /** A raw HTTPS request (for what the SDK never sends, e.g. a body that is not JSON). */
  raw(method: string, path: string, body?: string, headers?: Record<string, string>): Promise<RawResponse>;
  close(): Promise<void>;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

class RecordingTransport extends BaseUrlTransport {
  constructor(baseUrl: string, ca: string, private readonly responses: unknown[]) {
    super(baseUrl, ca);
  }

  override async request(...args: Parameters<BaseUrlTransport['request']>): Promise<string> {
    const body = await super.request(...args);
    this.responses.push(body ? (JSON.parse(body) as unknown) : body);
    return body;
  }
}

export async function openTestBed(options: AdyenSandboxOptions = {}): Promise<SandboxTestBed> {
  const sandbox = await startAdyenSandbox(options);
  const responses: unknown[] = [];
  const client = (overrides: Partial<AdyenClientSettings> = {}) => {
    const settings = { apiKey: sandbox.apiKey, baseUrl: sandbox.url, caCertificatePem: sandbox.caCertificatePem, timeoutMs: 5_000, ...overrides };
    return createAdyenCheckout(settings, new RecordingTransport(settings.baseUrl, settings.caCertificatePem, responses));
  };
  const raw = (method: string, path: string, body = '', headers: Record<string, string> = {}) =>
    new Promise<RawResponse>((resolve, reject) => {
      const req = request(`${sandbox.url}${path}`, {
        method, ca: sandbox.caCertificatePem,
        headers: { 'Content-Type': 'application/json', 'X-API-Key': sandbox.apiKey, ...headers },
      }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      });
      req.on('error', reject);
      req.end(body);
    });
  return { sandbox, checkout: client(), responses, client, raw, close: () => sandbox.close() };
}

/** The error a rejected SDK call threw (fails the test when the call succeeded). */
export async function failureOf(call: Promise<unknown>): Promise<{ name?: string; statusCode?: number; errorCode?: string; message?: string; responseHeaders?: Record<string, unknown>; apiError?: Record<string, unknown> }> {
  const outcome = await call.then(
    () => new Error('expected the Adyen call to fail, it succeeded'),
    (error: unknown) => error,
  );
  if (outcome instanceof Error && outcome.message.startsWith('expected the Adyen call')) throw outcome;
  return outcome as Awaited<ReturnType<typeof failureOf>>;
}

/** Adyen's standard test merchant fields for a stored-card charge. */
export function storedCardPayment(sandbox: AdyenSandbox, shopperReference: string, storedPaymentMethodId: string, value = 1500) {
  return {
    amount: { currency: 'USD', value },
    merchantAccount: sandbox.merchantAccount,
    paymentMethod: { type: WIRE.scheme, storedPaymentMethodId },
    reference: `ref-${Math.random().toString(36).slice(2)}`,
    returnUrl: 'https://checkout.invalid/return',
    shopperInteraction: WIRE.contAuth,
    recurringProcessingModel: WIRE.unscheduledCardOnFile,
    shopperReference,
  };
}
