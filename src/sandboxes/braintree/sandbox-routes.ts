import type { IncomingMessage, ServerResponse } from 'node:http';
import { json, readBody, send } from '../shared/http-io.js';
import { stateCounts } from '../shared/state-counts.js';
import type { SandboxContext } from './api-server.js';
import { BraintreeFailure } from './errors.js';
import { catchUp } from './resources/billing.js';
import { testCardBehaviourOf, vaultTestCard } from './test-cards.js';
import { deliveryBody, notificationFor } from './webhooks.js';

/**
 * Sandbox-only controls, JSON in and out, no authentication (never part of Braintree):
 * - GET|POST|DELETE /_sandbox/faults: list, add (one or an array), clear faults;
 * - GET /_sandbox/state/counts: how many of each object the state holds (read-only);
 * - POST /_sandbox/settle: settles every submitted transaction; /_sandbox/settle/{id}: one;
 * - POST /_sandbox/clock/advance `{"seconds": 86400}`: moves time, then settles and bills;
 * - GET /_sandbox/webhooks: the notifications produced so far (signed);
 *   POST /_sandbox/webhooks `{"kind": "subscription_went_past_due", "id": "..."}`: signs one
 *   about an object as it is now; `body` is the form-encoded delivery to POST to Tender;
 * - POST /_sandbox/customers/{id}/test_cards `{"decline_code": "2001"}` (or
 *   `gateway_rejection_reason`, or `failure: true`; optional `token`, `last4`,
 *   `make_default`): vaults a flagged card (test-cards.ts).
 */
export async function serveSandbox(context: SandboxContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const reply = (status: number, value: unknown) => send(res, status, json(value), {});
  try {
    const body = await readBody(req);
    const parsed: unknown = body.trim() === '' ? {} : JSON.parse(body);
    const input = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
    return reply(200, control(context, method, url.pathname, input, parsed));
  } catch (error) {
    if (error instanceof BraintreeFailure) return reply(error.status, { error: `Braintree answered ${error.status}` });
    if (error instanceof NotFoundControl) return reply(404, { error: error.message });
    const message = error instanceof Error ? error.message : String(error);
    return reply(400, { error: message });
  }
}

class NotFoundControl extends Error {}

function control(
  context: SandboxContext,
  method: string,
  path: string,
  input: Record<string, unknown>,
  parsed: unknown,
): unknown {
  const { state, faults } = context;
  if (path === '/_sandbox/faults') {
    if (method === 'POST') (Array.isArray(parsed) ? parsed : [parsed]).map((spec) => faults.validate(spec)).forEach((spec) => faults.add(spec));
    else if (method === 'DELETE') faults.clear();
    return { faults: faults.list() };
  }
  if (path === '/_sandbox/state/counts' && method === 'GET') return { counts: stateCounts(state) };
  if (path === '/_sandbox/settle' && method === 'POST') return { settled: state.settleAll() };
  const settle = /^\/_sandbox\/settle\/([^/]+)$/.exec(path);
  if (settle && method === 'POST') {
    const tx = state.settle(decodeURIComponent(settle[1] ?? ''));
    return { id: tx.id, status: tx.status };
  }
  if (path === '/_sandbox/clock/advance' && method === 'POST') {
    const seconds = Number(input.seconds);
    if (!Number.isFinite(seconds) || seconds < 0) throw new TypeError('seconds must be a non-negative number');
    state.clock.advance(seconds);
    catchUp(state);
    return { now: state.clock.now().toISOString() };
  }
  if (path === '/_sandbox/webhooks') {
    if (method === 'GET') return { notifications: state.notifications };
    const notification = notificationFor(state, String(input.kind ?? ''), String(input.id ?? ''));
    return { ...notification, body: deliveryBody(notification) };
  }
  const cards = /^\/_sandbox\/customers\/([^/]+)\/test_cards$/.exec(path);
  if (cards && method === 'POST') {
    const customerId = decodeURIComponent(cards[1] ?? '');
    if (!state.customers.has(customerId)) throw new NotFoundControl(`no customer ${customerId}`);
    const card = vaultTestCard(state, customerId, testCardBehaviourOf(input), {
      ...(typeof input.token === 'string' ? { token: input.token } : {}),
      ...(typeof input.last4 === 'string' ? { last4: input.last4 } : {}),
      makeDefault: input.make_default === true,
    });
    return { token: card.token, customer_id: card.customerId, last4: card.last4, default: card.isDefault };
  }
  throw new NotFoundControl(`Unknown sandbox endpoint ${method} ${path}`);
}
