import type { IncomingMessage, ServerResponse } from 'node:http';
import { failureResponse, type SandboxContext } from './api-server.js';
import { renderCheckoutPage, renderMissingPage } from './checkout-page.js';
import { StripeFailure } from './errors.js';
import { parseForm, type FormObject } from './form.js';
import { headerValue, json, readBody, send } from '../shared/http-io.js';
import { stateCounts } from '../shared/state-counts.js';
import { completeCheckoutSession } from './resources/checkout-complete.js';
import { refreshExpiry } from './resources/checkout-sessions.js';

/**
 * Sandbox-only endpoints (never called by the adapter in production paths):
 * /_sandbox/faults (GET lists, POST adds one fault or an array, DELETE clears),
 * GET /_sandbox/state/counts (read-only: how many of each object the state holds),
 * /_sandbox/webhooks (GET: the URL and every delivery; POST `{"url":...}` sets where
 * events are delivered, `{"url":null}` stops delivering),
 * POST /_sandbox/checkout/sessions/{id}/complete (payment_method, default pm_card_visa),
 * and the hosted payment page GET/POST /pay/{id}.
 */
export async function serveSandbox(context: SandboxContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const body = await readBody(req);
  if (url.pathname === '/_sandbox/faults') return serveFaults(context, method, body, res);
  if (url.pathname === '/_sandbox/webhooks') return serveWebhooks(context, method, body, res);
  if (url.pathname === '/_sandbox/state/counts' && method === 'GET') {
    return send(res, 200, json({ counts: stateCounts(context.state) }), {});
  }
  const complete = /^\/_sandbox\/checkout\/sessions\/([^/]+)\/complete$/.exec(url.pathname);
  if (complete && method === 'POST') {
    const params = parseBody(body, headerValue(req, 'content-type'));
    const paymentMethod = typeof params.payment_method === 'string' && params.payment_method ? params.payment_method : undefined;
    try {
      const session = completeCheckoutSession(context.state, complete[1] ?? '', paymentMethod);
      return send(res, 200, json(session), {});
    } catch (error) {
      if (!(error instanceof StripeFailure)) throw error;
      const failure = failureResponse(error);
      return send(res, failure.status, failure.body, {});
    }
  }
  send(res, 404, json({ error: { type: 'invalid_request_error', message: `Unknown sandbox endpoint ${method} ${url.pathname}` } }), {});
}

function serveFaults(context: SandboxContext, method: string, body: string, res: ServerResponse): void {
  try {
    if (method === 'POST') {
      const input: unknown = JSON.parse(body || 'null');
      const specs = (Array.isArray(input) ? input : [input]).map((spec) => context.faults.validate(spec));
      specs.forEach((spec) => context.faults.add(spec));
    } else if (method === 'DELETE') {
      context.faults.clear();
    } else if (method !== 'GET') {
      return send(res, 405, json({ error: { type: 'invalid_request_error', message: 'Use GET, POST or DELETE.' } }), {});
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return send(res, 400, json({ error: { type: 'invalid_request_error', message } }), {});
  }
  send(res, 200, json({ faults: context.faults.list() }), {});
}

function serveWebhooks(context: SandboxContext, method: string, body: string, res: ServerResponse): void {
  if (method === 'POST') {
    let target: unknown;
    try {
      target = (JSON.parse(body || '{}') as { url?: unknown } | null)?.url;
    } catch {
      target = undefined;
    }
    if (target !== null && !(typeof target === 'string' && /^https?:\/\/[^/]/.test(target))) {
      return send(res, 400, json({ error: { type: 'invalid_request_error', message: 'Send {"url":"http://host:port/path"} or {"url":null}.' } }), {});
    }
    context.webhooks.url = target ?? undefined;
  } else if (method !== 'GET') {
    return send(res, 405, json({ error: { type: 'invalid_request_error', message: 'Use GET or POST.' } }), {});
  }
  send(res, 200, json({ url: context.webhooks.url ?? null, deliveries: context.state.webhookDeliveries }), {});
}

export async function servePayPage(context: SandboxContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const id = decodeURIComponent(url.pathname.slice('/pay/'.length));
  const session = context.state.checkoutSessions.get(id);
  if (!session) return send(res, 404, renderMissingPage(), {}, 'text/html; charset=utf-8');
  refreshExpiry(context.state, session);
  let notice = '';
  if ((req.method ?? 'GET').toUpperCase() === 'POST') {
    const params = parseForm(await readBody(req));
    try {
      completeCheckoutSession(context.state, id, typeof params.payment_method === 'string' ? params.payment_method : undefined);
    } catch (error) {
      if (!(error instanceof StripeFailure)) throw error;
      notice = error.body.message;
    }
  }
  send(res, 200, renderCheckoutPage(session, notice), {}, 'text/html; charset=utf-8');
}

function parseBody(body: string, contentType: string | undefined): FormObject {
  if (contentType?.includes('application/json')) {
    const parsed: unknown = JSON.parse(body || '{}');
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as FormObject) : {};
  }
  return parseForm(body);
}
