import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Store } from '../store/types.js';
import { json, type HttpResponse, type Route } from './server.js';

/**
 * Liveness and readiness over HTTP, for orchestrators and load balancers that do not
 * speak gRPC health checking (src/server/health.ts keeps serving that).
 * - GET /healthz: 200 while the process answers at all. It checks nothing else, so a
 *   Redis outage never gets a healthy process restarted.
 * - GET /readyz: 200 only while the gRPC server is SERVING and the store answers a ping
 *   within a second; else 503, so a load balancer stops sending charges to an instance
 *   that would fail them closed (DESIGN.md: store down means no charge). The body names
 *   each check's state with fixed words, never an error message: the store's messages
 *   name the Redis host, which a probe endpoint has no reason to publish.
 */
export interface ReadinessSources {
  grpc: { readonly serving: boolean };
  store: Pick<Store, 'ping'>;
  logger: Logger;
  /** How long the store may take to answer; default 1000 ms. */
  storeTimeoutMs?: number;
}

const STORE_TIMEOUT_MS = 1_000;

type StoreCheck = 'ok' | 'unavailable' | 'timeout';

export function healthRoutes(sources: ReadinessSources): Route[] {
  let wasReady: boolean | undefined;
  const readyz = async (): Promise<HttpResponse> => {
    const grpc = sources.grpc.serving ? 'serving' : 'not_serving';
    const store = await pingStore(sources.store, sources.storeTimeoutMs ?? STORE_TIMEOUT_MS);
    const ready = grpc === 'serving' && store === 'ok';
    // Probes come every few seconds: log the changes, not every answer.
    if (ready !== wasReady) {
      if (ready) sources.logger.info('ready');
      else sources.logger.warn({ grpc, store }, 'not ready');
      wasReady = ready;
    }
    return json(ready ? 200 : 503, { status: ready ? 'ok' : 'unavailable', checks: { grpc, store } });
  };
  return [
    { method: 'GET', path: '/healthz', handle: () => json(200, { status: 'ok' }) },
    { method: 'GET', path: '/readyz', handle: readyz },
  ];
}

async function pingStore(store: Pick<Store, 'ping'>, timeoutMs: number): Promise<StoreCheck> {
  const timer = new AbortController();
  try {
    return await Promise.race([
      store.ping().then((): StoreCheck => 'ok', (): StoreCheck => 'unavailable'),
      delay(timeoutMs, 'timeout' as const, { signal: timer.signal }),
    ]);
  } finally {
    timer.abort();
  }
}
