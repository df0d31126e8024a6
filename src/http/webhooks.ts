import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { Registry } from '../api/registry.js';
import { isTenderError } from '../core/errors.js';
import type { Store } from '../store/types.js';
import { receiveWebhook } from '../webhooks/receive-webhook.js';
import { json, type HttpResponse, type Route } from './server.js';

/** Webhook bodies are small; a larger one is not a processor's. */
const MAX_BODY_BYTES = 1_000_000;

/**
 * POST /webhooks/<account id>: one URL per processor account, configured at the
 * processor. The raw body goes to the account's adapter, which verifies the signature
 * on exactly those bytes (payments-domain.md: verify on the raw body), then
 * receiveWebhook dedupes and records. Answers: 200 once recorded (Adyen expects the
 * body "[accepted]"), 401 for a bad signature, 404 for an unknown account, 503 when the
 * store is down so the processor redelivers later. Nothing of the body is logged.
 */
export function webhookRoutes(deps: { registry: Registry; store: Store; logger: Logger }): Route[] {
  return [{ method: 'POST', path: '/webhooks/*', handle: (request) => handle(deps, request) }];
}

async function handle(deps: { registry: Registry; store: Store; logger: Logger }, request: IncomingMessage): Promise<HttpResponse> {
  const accountId = decodeURIComponent(new URL(request.url ?? '/', 'http://tender').pathname.slice('/webhooks/'.length));
  const account = deps.registry.accountById(accountId);
  if (!account?.adapter.parseWebhook) return json(404, { error: 'not found' });
  const rawBody = await readBody(request);
  if (!rawBody) return json(413, { error: 'body too large' });
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name] = Array.isArray(value) ? value.join(',') : value;
  try {
    const result = await receiveWebhook(
      { store: deps.store, tenantsOf: (id) => deps.registry.tenantsUsing(id), logger: deps.logger },
      account,
      { rawBody, headers },
    );
    if (account.processor === 'adyen') return { status: 200, headers: { 'content-type': 'text/plain' }, body: '[accepted]' };
    return json(200, { received: result.recorded, duplicates: result.duplicates });
  } catch (error) {
    if (isTenderError(error) && error.code === 'unauthenticated') return json(401, { error: 'signature does not verify' });
    if (isTenderError(error) && error.code === 'invalid_argument') return json(400, { error: 'not a notification' });
    deps.logger.error({ err: error, accountId }, 'webhook not recorded; the processor will redeliver');
    return json(503, { error: 'try again later' });
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
