import http from 'node:http';
import https from 'node:https';
import braintree from 'braintree';
import type { SdkGateway } from './wire.js';

export interface BraintreeClientSettings {
  merchantId: string;
  publicKey: string;
  privateKey: string;
  /** Braintree's own hosts; ignored when `host` is set. Default 'sandbox'. */
  environment?: 'sandbox' | 'production';
  /** Another gateway host, e.g. the local sandbox on 127.0.0.1. */
  host?: string;
  port?: number;
  /** For `host`: HTTPS or plain HTTP. Default false (the local sandbox). */
  ssl?: boolean;
  /** Per request. Default 20 s: a voice call cannot wait for the SDK's 60 s. */
  timeoutMs?: number;
}

export interface BraintreeClient {
  readonly gateway: SdkGateway;
  /** Closes the client's pooled sockets. */
  close(): void;
}

export const DEFAULT_TIMEOUT_MS = 20_000;

/**
 * The official SDK, configured once per merchant. For a local gateway the SDK needs a
 * hand-made Environment (processor-wire.md, "Braintree": server, port, auth URL, ssl,
 * GraphQL server and port); its timeout is fixed at 60 s in Config, so it is set on
 * `gateway.config.timeout`. The SDK never retries, so a lost answer is Tender's to
 * resolve (payments.ts). Each client owns its keep-alive agent, so closing an adapter
 * releases its sockets.
 */
export function createBraintreeClient(settings: BraintreeClientSettings): BraintreeClient {
  const ssl = settings.host === undefined ? true : (settings.ssl ?? false);
  const agent = ssl ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  const config = {
    environment: environmentOf(settings, ssl),
    merchantId: settings.merchantId,
    publicKey: settings.publicKey,
    privateKey: settings.privateKey,
    customHttpAgent: agent,
  };
  const gateway = new braintree.BraintreeGateway(config as braintree.KeyGatewayConfig) as unknown as SdkGateway;
  gateway.config.timeout = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return { gateway, close: () => agent.destroy() };
}

function environmentOf(settings: BraintreeClientSettings, ssl: boolean): braintree.Environment {
  if (settings.host === undefined) {
    return settings.environment === 'production' ? braintree.Environment.Production : braintree.Environment.Sandbox;
  }
  const port = String(settings.port ?? (ssl ? 443 : 80));
  const scheme = ssl ? 'https' : 'http';
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  return new braintree.Environment(settings.host, port, `${scheme}://${host}:${port}`, ssl, settings.host, port);
}
