import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { BodyTooLargeError, json, send } from '../shared/http-io.js';
import { closeServer, listen } from '../shared/http-server.js';
import { XML_CONTENT_TYPE, serveApi, type SandboxContext } from './api-server.js';
import { FaultRegistry } from '../shared/faults.js';
import { BRAINTREE_FAULT_RULES, type BraintreeFaultRegistry } from './faults.js';
import { serveSandbox } from './sandbox-routes.js';
import { seedDemoData } from './seed.js';
import { createState, type BraintreeState } from './state.js';

/** Credentials the sandbox accepts unless told otherwise; never printed. */
export const DEFAULT_MERCHANT_ID = 'tendersandbox';
export const DEFAULT_PUBLIC_KEY = 'tender_sandbox_public';
export const DEFAULT_PRIVATE_KEY = 'tender_sandbox_private';
/** The store-and-pass-back custom fields defined for the sandbox merchant. */
export const DEFAULT_CUSTOM_FIELDS: readonly string[] = ['tender_metadata'];

export interface BraintreeSandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  merchantId?: string;
  publicKey?: string;
  privateKey?: string;
  /** Load the demo customers, cards, plans and subscriptions (default true). */
  seed?: boolean;
  /**
   * Seconds before a submitted transaction settles by the sandbox clock. Default 0:
   * settled by the next request, so refunds work at once; Infinity: only on demand
   * (state.settle / settleAll, POST /_sandbox/settle), so a refund becomes a void.
   */
  settleAfterSeconds?: number;
  customFields?: readonly string[];
}

export interface BraintreeSandbox {
  url: string;
  host: string;
  port: number;
  merchantId: string;
  publicKey: string;
  privateKey: string;
  /** Everything stored, for tests to inspect and count (e.g. state.transactions.size). */
  state: BraintreeState;
  /** Fault injection, the in-process twin of /_sandbox/faults. */
  faults: BraintreeFaultRegistry;
  close(): Promise<void>;
}

/** Starts a stateful, wire-faithful Braintree gateway simulator on node:http. */
export async function startBraintreeSandbox(options: BraintreeSandboxOptions = {}): Promise<BraintreeSandbox> {
  const host = options.host ?? '127.0.0.1';
  const state = createState({
    merchantId: options.merchantId ?? DEFAULT_MERCHANT_ID,
    publicKey: options.publicKey ?? DEFAULT_PUBLIC_KEY,
    privateKey: options.privateKey ?? DEFAULT_PRIVATE_KEY,
    settleAfterSeconds: options.settleAfterSeconds ?? 0,
    customFields: options.customFields ?? DEFAULT_CUSTOM_FIELDS,
  });
  const context: SandboxContext = { state, faults: new FaultRegistry(BRAINTREE_FAULT_RULES) };
  const server = createServer((req, res) => {
    route(context, req, res).catch((error: unknown) => {
      send(res, error instanceof BodyTooLargeError ? 413 : 500, '', {}, XML_CONTENT_TYPE);
    });
  });
  const { port, url } = await listen(server, { port: options.port ?? 0, host, scheme: 'http' });
  state.baseUrl = url;
  if (options.seed ?? true) seedDemoData(state);
  return {
    url,
    host,
    port,
    merchantId: state.merchantId,
    publicKey: state.publicKey,
    privateKey: state.privateKey,
    state,
    faults: context.faults,
    close: () => closeServer(server),
  };
}

function route(context: SandboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  if (url.pathname.startsWith('/merchants/')) return serveApi(context, req, res, url);
  if (url.pathname.startsWith('/_sandbox/')) return serveSandbox(context, req, res, url);
  send(res, 404, json({ error: `Unknown path ${url.pathname}` }), {});
  return Promise.resolve();
}
