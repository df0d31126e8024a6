import { startTender, type RunningTender } from '../../app.js';
import { defaultConfig } from '../../config/demo.js';
import type { StoreConfig } from '../../config/types.js';
import { silentLogger } from '../../server/logger.js';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: string;
}

/** Sends one request to a Tender HTTP address ("host:port") and reads the whole answer. */
export async function request(address: string, path: string, init: RequestInit = {}): Promise<HttpAnswer> {
  const response = await fetch(`http://${address}${path}`, init);
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/**
 * The no-configuration Tender (built-in Stripe sandbox, demo key) on ephemeral gRPC and
 * HTTP ports of 127.0.0.1, with the given store.
 */
export async function startTenderWithHttp(
  store: StoreConfig = { kind: 'memory' },
): Promise<{ tender: RunningTender; httpAddress: string }> {
  const tender = await startTender(
    { ...defaultConfig(), listen: { grpc: '127.0.0.1:0', http: '127.0.0.1:0' }, store },
    { logger: silentLogger() },
  );
  if (!tender.http) throw new Error('listen.http was set but Tender started no HTTP server');
  return { tender, httpAddress: tender.http.address };
}
