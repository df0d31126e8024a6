import type { AgentOptions } from 'node:https';
import { HttpURLConnectionClient } from './sdk.js';

/** Every Checkout service of @adyen/api-library 32.1.0 hard-codes this origin (TEST environment). */
export const ADYEN_TEST_ORIGIN = 'https://checkout-test.adyen.com';

type RequestArgs = Parameters<InstanceType<typeof HttpURLConnectionClient>['request']>;

/**
 * The SDK's own HTTPS transport, pointed at the configured base URL. The SDK has no
 * endpoint option (processor-wire.md, Adyen), so each request's URL is rewritten here
 * from the SDK's test origin to `baseUrl`; headers, body, Idempotency-Key, timeout and
 * error handling stay the SDK's.
 *
 * Trust: with `caCertificatePem`, that certificate becomes the ONLY trusted CA for this
 * transport (Node's `ca` option replaces the default roots), so a sandbox's self-signed
 * certificate is accepted and nothing else is. Certificate and host-name checks stay
 * on; without it, Node's default roots apply, as for real Adyen. The SDK reads its
 * agent options from the private `agentOptions` field (its own `certificatePath` hook
 * sets it, but adds a terminal-certificate CN check that a loopback sandbox fails);
 * a fresh agent is built from them for every request.
 */
export class BaseUrlTransport extends HttpURLConnectionClient {
  private readonly origin: string;

  constructor(baseUrl: string, caCertificatePem?: string) {
    super();
    this.origin = baseOriginOf(baseUrl);
    if (caCertificatePem) {
      const agentOptions: AgentOptions = { ca: caCertificatePem };
      Reflect.set(this, 'agentOptions', agentOptions);
    }
  }

  override request(...[endpoint, ...rest]: RequestArgs): Promise<string> {
    return super.request(rewriteEndpoint(endpoint, this.origin), ...rest);
  }
}

/**
 * The base URL without a trailing slash. It may carry a path: Adyen's live Checkout is
 * `https://<prefix>-checkout-live.adyenpayments.com/checkout`, to which `/v72/...` is
 * appended. The SDK speaks only HTTPS, so anything else is refused here, at start.
 */
export function baseOriginOf(baseUrl: string): string {
  const url = new URL(baseUrl);
  if (url.protocol !== 'https:') throw new TypeError(`Adyen baseUrl must be https (got ${url.protocol})`);
  if (url.search || url.hash) throw new TypeError('Adyen baseUrl must have no query or fragment');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** Replaces the SDK's origin; URLs already elsewhere are left alone. */
export function rewriteEndpoint(endpoint: string, origin: string): string {
  return endpoint.startsWith(`${ADYEN_TEST_ORIGIN}/`) ? `${origin}${endpoint.slice(ADYEN_TEST_ORIGIN.length)}` : endpoint;
}
