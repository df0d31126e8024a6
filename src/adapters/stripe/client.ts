import http from 'node:http';
import https from 'node:https';
import Stripe from 'stripe';

export interface StripeClientSettings {
  secretKey: string;
  /** Default api.stripe.com; the sandbox passes 127.0.0.1. */
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
  /** Per HTTP attempt. Default 20 s: a voice call cannot wait for the SDK's 80 s. */
  timeoutMs?: number;
  /** Retries of connection errors, 409 and 5xx by the SDK itself. Default 2. */
  maxNetworkRetries?: number;
}

export interface StripeClient {
  readonly api: Stripe;
  /** Closes the client's pooled sockets. */
  close(): void;
}

export const DEFAULT_TIMEOUT_MS = 20_000;
export const DEFAULT_MAX_NETWORK_RETRIES = 2;

/**
 * The official SDK, configured once per processor account. The SDK sends an
 * Idempotency-Key on every POST and reuses it across its own retries (connection
 * errors, timeouts, 409 and 5xx; see shared/reference/processor-wire.md), so a retry
 * after a lost response is deduplicated by Stripe; the adapter passes Tender's
 * processor key per request so that this holds across Tender's own retries too.
 *
 * Each client owns its keep-alive agent rather than sharing the SDK's process-wide
 * one, so that closing an adapter releases its sockets.
 */
export function createStripeClient(settings: StripeClientSettings): StripeClient {
  const protocol = settings.protocol ?? 'https';
  const agent =
    protocol === 'http' ? new http.Agent({ keepAlive: true }) : new https.Agent({ keepAlive: true });
  const config: Stripe.StripeConfig = {
    protocol,
    timeout: settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxNetworkRetries: settings.maxNetworkRetries ?? DEFAULT_MAX_NETWORK_RETRIES,
    httpAgent: agent,
    // The SDK's request telemetry header describes our traffic to Stripe: not needed.
    telemetry: false,
  };
  if (settings.host !== undefined) config.host = settings.host;
  if (settings.port !== undefined) config.port = settings.port;
  return {
    api: new Stripe(settings.secretKey, config),
    close: () => agent.destroy(),
  };
}
