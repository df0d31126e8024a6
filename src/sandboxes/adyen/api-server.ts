import type { IncomingMessage, ServerResponse } from 'node:http';
import { headerValue, readBody, send, sleep } from '../shared/http-io.js';
import type { StoredResponse } from '../shared/idempotency.js';
import type { AdyenCall, AdyenHandler } from './api-call.js';
import {
  AdyenFailure, idempotencyInProgress, idempotencyMismatch, internalError, malformed, notFound, unauthorized, validation,
} from './errors.js';
import type { AdyenFaultRegistry } from './faults.js';
import type { NotificationOutbox } from './notifications.js';
import { matchRoute } from './routes.js';
import type { AdyenState } from './state.js';

export interface SandboxContext {
  state: AdyenState;
  faults: AdyenFaultRegistry;
  notifications: NotificationOutbox;
  apiKey: string;
}

/** A response ready to write, with the headers that belong to it (e.g. Transient-Error). */
interface Answer extends StoredResponse {
  headers?: Record<string, string>;
}

/** Adyen keeps idempotency keys of up to 64 characters (docs: "API idempotency"). */
const MAX_IDEMPOTENCY_KEY_LENGTH = 64;

/**
 * One Checkout request, in Adyen's order: authenticate (X-API-Key), route, parse the
 * JSON body, injected fault, idempotency (POST with an Idempotency-Key: the first
 * response is replayed to the same request, a different request under the key is 422,
 * a key still in flight is a transient 422), execute, save the result. Requests refused
 * before execution (validation) save nothing and may be retried under the same key.
 */
export async function serveApi(context: SandboxContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const path = url.pathname;
  const headers: Record<string, string> = {};
  const reply = (answer: Answer) => send(res, answer.status, answer.body, { ...headers, ...answer.headers });

  const raw = await readBody(req);
  const apiKey = headerValue(req, 'x-api-key');
  if (apiKey !== context.apiKey) return reply(failureAnswer(unauthorized()));
  const route = matchRoute(method, path);
  if (!route) return reply(failureAnswer(notFound()));
  const body = method === 'POST' ? parseJsonObject(raw) : {};
  if (body instanceof AdyenFailure) return reply(failureAnswer(body));
  const fault = context.faults.take(method, path);
  if (fault?.mode === 'error500') return reply(failureAnswer(internalError()));

  const key = method === 'POST' ? headerValue(req, 'idempotency-key') : undefined;
  let replayed: StoredResponse | undefined;
  if (key !== undefined) {
    headers['Idempotency-Key'] = key;
    if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
      return reply(failureAnswer(validation('00_422', 'Idempotency-Key must be 1 to 64 characters long.')));
    }
    const outcome = context.state.idempotency.begin(apiKey, key, `${method} ${path}`, body);
    if (outcome.kind === 'mismatch') return reply(failureAnswer(idempotencyMismatch()));
    if (outcome.kind === 'in_progress') return reply(failureAnswer(idempotencyInProgress()));
    if (outcome.kind === 'replay') replayed = outcome.response;
  }

  // A delayed request holds its idempotency key while it waits, like a slow one at Adyen.
  if (fault?.mode === 'delay') await sleep(fault.ms ?? 0);
  const call: AdyenCall = {
    state: context.state, notifications: context.notifications, body, query: url.searchParams, pathParams: route.pathParams,
  };
  const answer: Answer = replayed ?? execute(route.handler, call);
  if (key !== undefined && !replayed) {
    if (answer.status < 400 || answer.status >= 500) context.state.idempotency.complete(apiKey, key, answer);
    else context.state.idempotency.release(apiKey, key);
  }
  if (fault?.mode === 'drop_after_commit') {
    req.socket.destroy();
    return;
  }
  reply(answer);
}

function execute(handler: AdyenHandler, call: AdyenCall): Answer {
  try {
    const result = handler(call);
    return { status: result.status, body: JSON.stringify(result.body) };
  } catch (error) {
    return failureAnswer(error instanceof AdyenFailure ? error : internalError());
  }
}

export function failureAnswer(failure: AdyenFailure): Answer {
  return { status: failure.status, body: JSON.stringify(failure.body()), headers: failure.headers };
}

function parseJsonObject(raw: string): Record<string, unknown> | AdyenFailure {
  try {
    const parsed: unknown = JSON.parse(raw || '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Falls through to the same answer as a non-object body.
  }
  return malformed('Unable to parse message: the body must be a JSON object');
}
