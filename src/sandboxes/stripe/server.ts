import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { serveApi, type SandboxContext } from './api-server.js';
import type { StripeEvent } from './events.js';
import { BodyTooLargeError, json, send } from '../shared/http-io.js';
import { closeServer, listen } from '../shared/http-server.js';
import { FaultRegistry } from '../shared/faults.js';
import { STRIPE_FAULT_RULES, type StripeFaultRegistry } from './faults.js';
import { servePayPage, serveSandbox } from './sandbox-routes.js';
import { seedDemoData } from './seed.js';
import { createState, type StripeState } from './state.js';
import { DEFAULT_WEBHOOK_SECRET, WebhookSender } from './webhook-sender.js';

/** The key the sandbox accepts unless told otherwise (notes/stripe-wire.md, "Auth"). */
export const DEFAULT_SECRET_KEY = 'sk_test_tender_sandbox';

export interface StripeSandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  secretKey?: string;
  /** Load the demo customers, invoices and prices (default true). */
  seed?: boolean;
  /** Where events are POSTed as webhooks; also settable later (POST /_sandbox/webhooks). */
  webhookUrl?: string;
  /** The endpoint's signing secret (default whsec_tender_sandbox). */
  webhookSecret?: string;
  /** Waits before each retry of a delivery the endpoint refused (default 200, 800, 2000 ms). */
  webhookRetryDelaysMs?: readonly number[];
}

export interface StripeSandbox {
  url: string;
  host: string;
  port: number;
  secretKey: string;
  /** Everything stored, for tests to inspect and count (e.g. state.paymentIntents.size). */
  state: StripeState;
  /** Fault injection, the in-process twin of POST /_sandbox/faults. */
  faults: StripeFaultRegistry;
  /** The signing secret of the webhook endpoint (`whsec_...`). */
  webhookSecret: string;
  /** Signed webhook delivery: its `url` (settable), redeliver(eventId), idle(). */
  webhooks: WebhookSender;
  /** Every event created, oldest first (the same Map as state.events). */
  events: ReadonlyMap<string, StripeEvent>;
  close(): Promise<void>;
}

/** Starts a stateful, wire-faithful Stripe API simulator on node:http. */
export async function startStripeSandbox(options: StripeSandboxOptions = {}): Promise<StripeSandbox> {
  const host = options.host ?? '127.0.0.1';
  const secretKey = options.secretKey ?? DEFAULT_SECRET_KEY;
  const state = createState();
  const webhooks = new WebhookSender(state, {
    url: options.webhookUrl,
    secret: options.webhookSecret ?? DEFAULT_WEBHOOK_SECRET,
    retryDelaysMs: options.webhookRetryDelaysMs,
  });
  state.onEvent = (event) => webhooks.deliver(event);
  const context: SandboxContext = { state, faults: new FaultRegistry(STRIPE_FAULT_RULES), secretKey, webhooks };
  const server = createServer((req, res) => {
    route(context, req, res).catch((error: unknown) => {
      const status = error instanceof BodyTooLargeError ? 413 : 500;
      const message = error instanceof Error ? error.message : String(error);
      send(res, status, json({ error: { type: status === 413 ? 'invalid_request_error' : 'api_error', message } }), {});
    });
  });
  const { port, url } = await listen(server, { port: options.port ?? 0, host, scheme: 'http' });
  state.baseUrl = url;
  if (options.seed ?? true) seedDemoData(state);
  return {
    url,
    host,
    port,
    secretKey,
    state,
    faults: context.faults,
    webhookSecret: webhooks.secret,
    webhooks,
    events: state.events,
    close: () => {
      webhooks.close();
      return closeServer(server);
    },
  };
}

function route(context: SandboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  if (url.pathname.startsWith('/v1/')) return serveApi(context, req, res, url);
  if (url.pathname.startsWith('/_sandbox/')) return serveSandbox(context, req, res, url);
  if (url.pathname.startsWith('/pay/')) return servePayPage(context, req, res, url);
  const message = `Unrecognized request URL (${req.method ?? 'GET'}: ${url.pathname}).`;
  send(res, 404, json({ error: { type: 'invalid_request_error', message } }), {});
  return Promise.resolve();
}
