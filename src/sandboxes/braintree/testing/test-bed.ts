import http from 'node:http';
import braintree from 'braintree';
import { startBraintreeSandbox, type BraintreeSandbox, type BraintreeSandboxOptions } from '../server.js';

/**
 * For the sandbox's own tests: a sandbox on an ephemeral port and the real braintree
 * SDK pointed at it over HTTP, configured as processor-wire.md says ("Braintree":
 * an Environment on 127.0.0.1 with ssl false, and `gateway.config.timeout`).
 */
export interface SandboxTestBed {
  sandbox: BraintreeSandbox;
  gateway: braintree.BraintreeGateway;
  /** Another gateway on the same sandbox, e.g. with a short timeout or other keys. */
  client(options?: { timeoutMs?: number; publicKey?: string; privateKey?: string; merchantId?: string }): braintree.BraintreeGateway;
  /** Base URL of the merchant's API paths, for raw requests. */
  merchantPath: string;
  close(): Promise<void>;
}

export async function openTestBed(options: BraintreeSandboxOptions = {}): Promise<SandboxTestBed> {
  const sandbox = await startBraintreeSandbox(options);
  const agents: http.Agent[] = [];
  const client: SandboxTestBed['client'] = (overrides = {}) => {
    const port = String(sandbox.port);
    const environment = new braintree.Environment(sandbox.host, port, sandbox.url, false, sandbox.host, port);
    const agent = new http.Agent({ keepAlive: true });
    agents.push(agent);
    const gateway = new braintree.BraintreeGateway({
      environment,
      merchantId: overrides.merchantId ?? sandbox.merchantId,
      publicKey: overrides.publicKey ?? sandbox.publicKey,
      privateKey: overrides.privateKey ?? sandbox.privateKey,
      customHttpAgent: agent,
    } as braintree.KeyGatewayConfig);
    (gateway as unknown as { config: { timeout: number } }).config.timeout = overrides.timeoutMs ?? 5_000;
    return gateway;
  };
  return {
    sandbox,
    gateway: client(),
    client,
    merchantPath: `${sandbox.url}/merchants/${sandbox.merchantId}`,
    async close() {
      for (const agent of agents) agent.destroy();
      await sandbox.close();
    },
  };
}

/**
 * A sale with fields @types/braintree (3.4) does not know, such as `apiRequestKey`
 * (SDK 3.37+): the SDK itself accepts them.
 */
export function saleWith(gateway: braintree.BraintreeGateway, attributes: Record<string, unknown>) {
  return gateway.transaction.sale(attributes as unknown as braintree.TransactionRequest);
}

/** A refund with options (amount, orderId); @types/braintree only knows an amount. */
export function refundWith(gateway: braintree.BraintreeGateway, transactionId: string, options: Record<string, unknown>) {
  return gateway.transaction.refund(transactionId, options as unknown as string);
}

/** The validation codes of a failed result, flattened. */
export function codesOf(result: { errors: { deepErrors(): Array<{ code: string }> } }): string[] {
  return result.errors.deepErrors().map((error) => error.code);
}

/** The SDK's search builder, for the fields the tests use (lib/braintree/advanced_search.js). */
export interface SearchField {
  is(value: string): void;
  endsWith(value: string): void;
  in(values: string[]): void;
  min(value: string): void;
}
export type SearchBuilder = (
  search: Record<'id' | 'ids' | 'phone' | 'email' | 'orderId' | 'status' | 'daysPastDue' | 'planId', () => SearchField>,
) => void;

/** Runs an SDK search (@types/braintree types each service's builder differently) and collects it. */
export function searchWith<T>(service: { search(build: never): unknown }, build: SearchBuilder): Promise<T[]> {
  return collect<T>(service.search(build as never) as NodeJS.ReadableStream);
}

/** Reads a search stream to the end (the SDK's search answers a Readable of objects). */
export function collect<T>(stream: NodeJS.ReadableStream): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const items: T[] = [];
    stream.on('data', (item: T) => items.push(item));
    stream.on('error', reject);
    stream.on('end', () => resolve(items));
  });
}

/** The error a rejected SDK call threw (fails the test when the call succeeded). */
export async function failureOf(call: Promise<unknown>): Promise<Error & { type?: string }> {
  const outcome = await call.then(
    () => new Error('expected the Braintree call to fail, it succeeded'),
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error) || !('type' in outcome)) throw outcome;
  return outcome as Error & { type?: string };
}
