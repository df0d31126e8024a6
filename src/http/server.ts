import * as http from 'node:http';
import type { Logger } from 'pino';

/**
 * Tender's small HTTP side (DESIGN.md "Shape": webhooks, health, metrics), on node:http
 * alone: a handful of fixed paths needs no framework. Routing is exact on the path
 * (the query string is ignored), except that a path ending in "/*" takes every path
 * beneath it that no exact route takes (the payment pages, "/pay/*", route the rest
 * themselves); an unknown path is 404 and a known path asked with
 * another method is 405 with an Allow header (RFC 9110 15.5.6). A GET route also
 * answers HEAD, without a body (RFC 9110 9.3.2; node:http drops the body itself).
 */

export interface HttpResponse {
  status: number;
  headers?: Readonly<Record<string, string>>;
  body: string;
}

export interface Route {
  /** Upper case, e.g. "GET". */
  method: string;
  /** Exact path, e.g. "/healthz", or a prefix ending in "/*", e.g. "/pay/*". */
  path: string;
  handle(request: http.IncomingMessage): HttpResponse | Promise<HttpResponse>;
}

export interface HttpServerOptions {
  /** "host:port"; port 0 picks a free port (tests). */
  address: string;
  routes: readonly Route[];
  logger: Logger;
}

export interface RunningHttpServer {
  /** The bound port (the real one when 0 was asked for). */
  port: number;
  /** "host:port" with the bound port. */
  address: string;
  /** Stops accepting, lets requests in progress finish (1 s at most). Idempotent. */
  close(): Promise<void>;
}

/** Probes and scrapes are tiny: a client this slow is broken or hostile (slowloris). */
const HEADERS_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 10_000;
const CLOSE_GRACE_MS = 1_000;
const ADDRESS = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

export function json(status: number, value: unknown): HttpResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: `${JSON.stringify(value)}\n` };
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { host, port: askedPort } = parseAddress(options.address);
  const dispatch = router(options.routes);
  const server = http.createServer(
    { headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
    (request, response) => {
      void respond(request, response, dispatch, options.logger);
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: host.replace(/^\[|\]$/g, ''), port: askedPort }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address();
  const port = typeof bound === 'object' && bound ? bound.port : askedPort;
  const address = `${host}:${port}`;
  options.logger.info({ address, paths: options.routes.map((route) => route.path) }, 'HTTP server listening');

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
      server.close(() => {
        clearTimeout(cut);
        options.logger.info('HTTP server stopped');
        resolve();
      });
      server.closeIdleConnections();
    });
    return closing;
  };
  return { port, address, close };
}

function parseAddress(address: string): { host: string; port: number } {
  const match = ADDRESS.exec(address);
  const port = Number(match?.[2]);
  if (!match?.[1] || port > 65535) throw new Error(`HTTP address must be host:port, got "${address}"`);
  return { host: match[1], port };
}

type Dispatch = (method: string, path: string) => Route | HttpResponse;

function router(routes: readonly Route[]): Dispatch {
  const byPath = new Map<string, Map<string, Route>>();
  for (const route of routes) {
    const methods = byPath.get(route.path) ?? new Map<string, Route>();
    if (methods.has(route.method)) throw new Error(`duplicate HTTP route ${route.method} ${route.path}`);
    methods.set(route.method, route);
    byPath.set(route.path, methods);
  }
  const prefixes = [...byPath.keys()].filter((path) => path.endsWith('/*')).sort((a, b) => b.length - a.length);
  return (method, path) => {
    const prefix = prefixes.find((candidate) => path.startsWith(candidate.slice(0, -1)));
    const methods = byPath.get(path) ?? (prefix === undefined ? undefined : byPath.get(prefix));
    if (!methods) return json(404, { error: 'not found' });
    const route = methods.get(method) ?? (method === 'HEAD' ? methods.get('GET') : undefined);
    if (route) return route;
    const allowed = [...methods.keys()].flatMap((name) => (name === 'GET' ? ['GET', 'HEAD'] : [name]));
    return { ...json(405, { error: 'method not allowed' }), headers: { 'content-type': 'application/json', allow: allowed.join(', ') } };
  };
}

/**
 * A handler that throws gets a bare 500: its message may name internals, so it goes to
 * the log only (the same rule as gRPC's INTERNAL, src/server/status.ts).
 */
async function respond(request: http.IncomingMessage, response: http.ServerResponse, dispatch: Dispatch, logger: Logger) {
  const path = (request.url ?? '/').split('?', 1)[0] ?? '/';
  const target = dispatch(request.method ?? 'GET', path);
  let answer: HttpResponse;
  try {
    answer = 'handle' in target ? await target.handle(request) : target;
  } catch (error) {
    logger.error({ err: error, path }, 'HTTP handler failed');
    answer = json(500, { error: 'internal error' });
  }
  response.writeHead(answer.status, { 'cache-control': 'no-store', ...answer.headers });
  response.end(answer.body);
}
