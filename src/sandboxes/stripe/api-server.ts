import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  StripeFailure, apiError, authenticationFailure, errorResponseBody, idempotencyKeyInUse, idempotencyMismatch,
  invalidRequest,
} from './errors.js';
import { expandResponse } from './expand.js';
import type { StripeFaultRegistry } from './faults.js';
import { parseForm } from './form.js';
import { headerValue, json, readBody, send, sleep } from '../shared/http-io.js';
import type { StoredResponse } from '../shared/idempotency.js';
import { presentedApiKey } from './api-key.js';
import { expandPaths } from './params.js';
import { matchRoute } from './routes.js';
import { newId, type StripeState } from './state.js';
import type { WebhookSender } from './webhook-sender.js';
import { API_VERSION } from './wire.js';
import type { ApiCall, ApiHandler } from './api-call.js';

export interface SandboxContext {
  state: StripeState;
  faults: StripeFaultRegistry;
  secretKey: string;
  webhooks: WebhookSender;
}

/**
 * One /v1 request, in Stripe's order: authenticate, route, injected fault, idempotency
 * (POST only, as stripe-node keys every POST), execute, save the idempotent result.
 * Every answer carries Request-Id and Stripe-Version (echoed when the client sent one).
 */
export async function serveApi(
  context: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const path = url.pathname;
  const headers: Record<string, string> = {
    'Request-Id': newId('req', 14),
    'Stripe-Version': headerValue(req, 'stripe-version') ?? API_VERSION,
  };
  const reply = (response: StoredResponse, extra: Record<string, string> = {}) =>
    send(res, response.status, response.body, { ...headers, ...extra });

  const body = await readBody(req);
  const apiKey = presentedApiKey(req);
  if (apiKey !== context.secretKey) return reply(failureResponse(authenticationFailure(apiKey)));
  const route = matchRoute(method, path);
  if (!route) {
    const message = `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`;
    return reply(failureResponse(invalidRequest(message, { status: 404 })));
  }
  const params = parseForm(method === 'POST' ? body : url.search.slice(1));
  const fault = context.faults.take(method, path);
  if (fault?.mode === 'error500') return reply(failureResponse(apiError()));

  const idempotencyKey = method === 'POST' ? headerValue(req, 'idempotency-key') : undefined;
  let replayed: StoredResponse | undefined;
  if (idempotencyKey !== undefined) {
    headers['Idempotency-Key'] = idempotencyKey;
    if (idempotencyKey.length > 255) {
      return reply(failureResponse(invalidRequest('Idempotency-Key must be at most 255 characters long.')));
    }
    const outcome = context.state.idempotency.begin(apiKey, idempotencyKey, path, params);
    if (outcome.kind === 'mismatch') return reply(failureResponse(idempotencyMismatch(idempotencyKey, outcome.detail)));
    if (outcome.kind === 'in_progress') return reply(failureResponse(idempotencyKeyInUse()));
    if (outcome.kind === 'replay') replayed = outcome.response;
  }

  // A delayed request holds its idempotency key while it waits, like a slow one on Stripe.
  if (fault?.mode === 'delay') await sleep(fault.ms ?? 0);
  const response = replayed ?? execute(route.handler, { state: context.state, params, pathParams: route.pathParams });
  if (idempotencyKey !== undefined && !replayed) {
    if (savesIdempotentResult(response.status)) context.state.idempotency.complete(apiKey, idempotencyKey, response);
    else context.state.idempotency.release(apiKey, idempotencyKey);
  }
  if (fault?.mode === 'drop_after_commit') {
    req.socket.destroy();
    return;
  }
  reply(response, replayed ? { 'Idempotent-Replayed': 'true' } : {});
}

/** Runs a handler and renders its result (expanded) or its failure as Stripe would. */
export function execute(handler: ApiHandler, call: ApiCall): StoredResponse {
  try {
    const result = handler(call);
    const expanded = expandResponse(call.state, JSON.parse(JSON.stringify(result)), expandPaths(call.params));
    return { status: 200, body: json(expanded) };
  } catch (error) {
    if (error instanceof StripeFailure) return failureResponse(error);
    const message = error instanceof Error ? error.message : String(error);
    return failureResponse(apiError(`The sandbox failed while processing the request: ${message}`));
  }
}

export function failureResponse(failure: StripeFailure): StoredResponse {
  return { status: failure.status, body: json(errorResponseBody(failure)) };
}

/**
 * Stripe saves the result of any request that began executing, successes, card errors
 * and 500s alike; a request refused by validation (400/404) saves nothing and may be
 * retried with the same key (docs.stripe.com/api/idempotent_requests).
 */
function savesIdempotentResult(status: number): boolean {
  return status < 400 || status === 402 || status >= 500;
}
