import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, send } from '../shared/http-io.js';
import { stateCounts } from '../shared/state-counts.js';
import type { SandboxContext } from './api-server.js';
import { renderChallengePage, renderMissingPage, renderPayPage } from './pay-page.js';
import { capturePayment, failRefund } from './resources/modifications.js';
import { payPaymentLink, refreshExpiry } from './resources/payment-links.js';
import { addStoredPaymentMethod, type StoredPaymentMethodInput } from './resources/stored-payment-methods.js';

type Control = (context: SandboxContext, input: Record<string, unknown>, id: string) => unknown;

/**
 * Sandbox-only endpoints, the HTTP twins of the handle's controls (never part of
 * Adyen's API, never called by the adapter):
 * - GET|POST|DELETE /_sandbox/faults (as the Stripe sandbox: delay, error500, drop_after_commit);
 * - GET /_sandbox/state/counts: how many of each object the state holds (read-only);
 * - POST /_sandbox/storedPaymentMethods: store a test card for a shopper;
 * - POST /_sandbox/paymentLinks/{id}/pay `{"holderName":"APPROVED"}`: the shopper pays;
 * - POST /_sandbox/payments/{psp}/capture, POST /_sandbox/refunds/{psp}/fail;
 * - GET /_sandbox/notifications: takes the queued notification bodies;
 *   POST /_sandbox/notifications/send `{"url":...}`: delivers them.
 */
const CONTROLS: Array<[pattern: RegExp, control: Control]> = [
  [/^\/_sandbox\/storedPaymentMethods$/, (c, input) => addStoredPaymentMethod(c.state, input as unknown as StoredPaymentMethodInput)],
  [/^\/_sandbox\/paymentLinks\/([^/]+)\/pay$/, (c, input, id) =>
    payPaymentLink(c.state, c.notifications, id, typeof input.holderName === 'string' ? input.holderName : undefined)],
  [/^\/_sandbox\/payments\/([^/]+)\/capture$/, (c, _input, id) => capturePayment(c.state, c.notifications, id)],
  [/^\/_sandbox\/refunds\/([^/]+)\/fail$/, (c, _input, id) => failRefund(c.state, c.notifications, id)],
  [/^\/_sandbox\/notifications\/send$/, async (c, input) => ({ statuses: await c.notifications.send(String(input.url)) })],
];

export async function serveSandbox(context: SandboxContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const raw = await readBody(req);
  const reply = (status: number, value: unknown) => send(res, status, JSON.stringify(value), {});
  try {
    const input = parseObject(raw);
    if (url.pathname === '/_sandbox/faults') return reply(200, { faults: serveFaults(context, method, raw) });
    if (url.pathname === '/_sandbox/state/counts' && method === 'GET') return reply(200, { counts: stateCounts(context.state) });
    if (url.pathname === '/_sandbox/notifications' && method === 'GET') {
      return reply(200, { notifications: context.notifications.collect().map((body) => JSON.parse(body) as unknown) });
    }
    if (url.pathname.startsWith('/_sandbox/3ds/')) return send(res, 200, renderChallengePage(), {}, 'text/html; charset=utf-8');
    for (const [pattern, control] of CONTROLS) {
      const match = pattern.exec(url.pathname);
      if (match && method === 'POST') return reply(200, (await control(context, input, decodeURIComponent(match[1] ?? ''))) ?? {});
    }
    reply(404, { message: `Unknown sandbox endpoint ${method} ${url.pathname}` });
  } catch (error) {
    reply(422, { message: error instanceof Error ? error.message : String(error) });
  }
}

function serveFaults(context: SandboxContext, method: string, raw: string): unknown {
  if (method === 'POST') {
    const input: unknown = JSON.parse(raw || 'null');
    (Array.isArray(input) ? input : [input]).map((spec) => context.faults.validate(spec)).forEach((spec) => context.faults.add(spec));
  } else if (method === 'DELETE') {
    context.faults.clear();
  } else if (method !== 'GET') {
    throw new Error('Use GET, POST or DELETE.');
  }
  return context.faults.list();
}

/** GET /payByLink/{id} shows the link; POST pays it with the chosen test result. */
export async function servePayPage(context: SandboxContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const id = decodeURIComponent(url.pathname.slice('/payByLink/'.length));
  const html = (status: number, body: string) => send(res, status, body, {}, 'text/html; charset=utf-8');
  if (!context.state.paymentLinks.has(id)) return html(404, renderMissingPage());
  let notice = '';
  if ((req.method ?? 'GET').toUpperCase() === 'POST') {
    const holderName = new URLSearchParams(await readBody(req)).get('holderName') ?? undefined;
    try {
      const payment = payPaymentLink(context.state, context.notifications, id, holderName);
      notice = `Payment ${payment.resultCode}.`;
    } catch (error) {
      notice = error instanceof Error ? error.message : String(error);
    }
  }
  const link = context.state.paymentLinks.get(id);
  if (!link) return;
  refreshExpiry(context.state, link);
  html(200, renderPayPage(link, notice));
}

function parseObject(raw: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(raw || '{}');
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}
