import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, send, sleep } from '../shared/http-io.js';
import { faultStatus } from '../shared/faults.js';
import type { ApiHandler } from './api-call.js';
import type { StoredResponse } from './api-request-keys.js';
import { BraintreeFailure, issue, validationFailure } from './errors.js';
import type { BraintreeFaultRegistry } from './faults.js';
import { Params, canonicalJson } from './params.js';
import { catchUp } from './resources/billing.js';
import { matchRoute } from './routes.js';
import type { BraintreeState } from './state.js';
import { renderXml } from './xml.js';

export interface SandboxContext {
  state: BraintreeState;
  faults: BraintreeFaultRegistry;
}

export const XML_CONTENT_TYPE = 'application/xml; charset=utf-8';

/**
 * One API request, in Braintree's order: authenticate (HTTP Basic, public:private key;
 * 401 otherwise), check the merchant (403 for another merchant's path), let the clock
 * settle and bill what is due, route (404), injected fault, api_request_key
 * (transactions only), execute, save the key's result, answer XML.
 */
export async function serveApi(context: SandboxContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const { state } = context;
  const method = (req.method ?? 'GET').toUpperCase();
  const reply = (response: StoredResponse) => send(res, response.status, response.body, {}, XML_CONTENT_TYPE);
  const body = await readBody(req);
  if (!authenticated(req, state)) return reply({ status: 401, body: '' });
  const [, merchantId = '', rest = ''] = /^\/merchants\/([^/]+)\/(.*)$/.exec(url.pathname) ?? [];
  if (merchantId !== state.merchantId) return reply({ status: merchantId ? 403 : 404, body: '' });
  catchUp(state);
  const route = matchRoute(method, rest);
  if (!route) return reply({ status: 404, body: '' });

  const fault = context.faults.take(method, url.pathname);
  const errorStatus = fault ? faultStatus(fault.mode) : undefined;
  if (errorStatus) return reply({ status: errorStatus, body: '' });
  let params: Params;
  try {
    params = Params.parse(body);
  } catch {
    return reply({ status: 400, body: '' });
  }

  const key = route.idempotent ? params.child('transaction').string('api_request_key') : undefined;
  let replayed: StoredResponse | undefined;
  if (key !== undefined) {
    const outcome = state.apiRequestKeys.begin(key, canonicalJson(params.raw()));
    if (outcome.kind === 'mismatch') return reply(keyRefusal('915232', 'API request key can be reused only with the same request.', params));
    if (outcome.kind === 'in_flight') return reply(keyRefusal('915233', 'API request key is in flight.', params));
    if (outcome.kind === 'replay') replayed = outcome.response;
  }
  // A delayed request holds its api_request_key while it waits, like a slow one at Braintree.
  if (fault?.mode === 'delay') await sleep(fault.ms ?? 0);
  const result = replayed ? { response: replayed, processed: true } : execute(route.handler, state, params, route.pathParams);
  if (key !== undefined && !replayed) {
    if (result.processed) state.apiRequestKeys.complete(key, result.response);
    else state.apiRequestKeys.release(key);
  }
  if (fault?.mode === 'drop_after_commit') {
    req.socket.destroy();
    return;
  }
  reply(result.response);
}

function execute(
  handler: ApiHandler,
  state: BraintreeState,
  body: Params,
  pathParams: Record<string, string>,
): { response: StoredResponse; processed: boolean } {
  try {
    const result = handler({ state, body, pathParams });
    return { response: { status: result.status, body: renderXml(result.root, result.value) }, processed: true };
  } catch (error) {
    if (error instanceof BraintreeFailure) {
      return { response: { status: error.status, body: error.body }, processed: error.processed };
    }
    return { response: { status: 500, body: '' }, processed: false };
  }
}

function keyRefusal(code: string, message: string, params: Params): StoredResponse {
  const failure = validationFailure([issue(['transaction'], code, 'api_request_key', message)], params.raw());
  return { status: failure.status, body: failure.body };
}

/** HTTP Basic with the public key as user and the private key as password. */
function authenticated(req: IncomingMessage, state: BraintreeState): boolean {
  const match = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (!match) return false;
  return Buffer.from(match[1] ?? '', 'base64').toString('utf8') === `${state.publicKey}:${state.privateKey}`;
}
