import { createServer, type ServerOptions } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, send } from '../shared/http-io.js';
import { closeServer, listen } from '../shared/http-server.js';
import { failureAnswer, serveApi, type SandboxContext } from './api-server.js';
import { AdyenFailure, notFound } from './errors.js';
import { FaultRegistry } from '../shared/faults.js';
import { ADYEN_FAULT_RULES, type AdyenFaultRegistry } from './faults.js';
import { isHmacKeyHex } from './hmac.js';
import { NotificationOutbox } from './notifications.js';
import { capturePayment, failRefund } from './resources/modifications.js';
import { payPaymentLink } from './resources/payment-links.js';
import { addStoredPaymentMethod, type StoredPaymentMethodInput } from './resources/stored-payment-methods.js';
import { servePayPage, serveSandbox } from './sandbox-routes.js';
import { seedDemoData } from './seed.js';
import { createState, type AdyenState, type PaymentRecord, type StoredPaymentMethodRecord } from './state.js';
import { sandboxCertificate } from './tls.js';

/** Test credentials the sandbox accepts unless told otherwise; none of them is secret. */
export const DEFAULT_API_KEY = 'AQE_tender_sandbox_api_key';
export const DEFAULT_MERCHANT_ACCOUNT = 'TenderSandboxECOM';
export const DEFAULT_HMAC_KEY_HEX = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';

export interface AdyenSandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  apiKey?: string;
  merchantAccount?: string;
  /** Hex HMAC key that signs notifications. */
  hmacKey?: string;
  /** Store the demo shoppers' cards (default true). */
  seed?: boolean;
  /** The merchant account captures later: payments stay uncaptured until capturePayment. */
  captureDelayed?: boolean;
}

export interface AdyenSandbox {
  /** https://127.0.0.1:port, the base URL that replaces https://checkout-test.adyen.com. */
  url: string;
  host: string;
  port: number;
  apiKey: string;
  merchantAccount: string;
  hmacKeyHex: string;
  /** The server's self-signed certificate: a client's only trusted CA for `url`. */
  caCertificatePem: string;
  /** Everything stored, for tests to inspect and count (e.g. state.payments.size). */
  state: AdyenState;
  /** Fault injection, the in-process twin of /_sandbox/faults. */
  faults: AdyenFaultRegistry;
  /** HMAC-signed standard notifications: collect() the bodies or send() them to a URL. */
  notifications: NotificationOutbox;
  addStoredPaymentMethod(input: StoredPaymentMethodInput): StoredPaymentMethodRecord;
  /** The shopper pays the link; the holder name picks the test result (default APPROVED). */
  payPaymentLink(linkId: string, holderName?: string): PaymentRecord;
  /** With delayed capture: the capture happens now. */
  capturePayment(pspReference: string): void;
  /** A refund that succeeded is rejected later by the scheme (REFUND_FAILED). */
  failRefund(refundPspReference: string): void;
  close(): Promise<void>;
}

/** Starts a stateful, wire-faithful Adyen Checkout v72 simulator over TLS (node:https). */
export async function startAdyenSandbox(options: AdyenSandboxOptions = {}): Promise<AdyenSandbox> {
  const host = options.host ?? '127.0.0.1';
  const hmacKeyHex = options.hmacKey ?? DEFAULT_HMAC_KEY_HEX;
  if (!isHmacKeyHex(hmacKeyHex)) throw new TypeError('hmacKey must be a hexadecimal key of at least 32 characters');
  const merchantAccount = options.merchantAccount ?? DEFAULT_MERCHANT_ACCOUNT;
  const state = createState(merchantAccount, options.captureDelayed ?? false);
  const context: SandboxContext = {
    state,
    faults: new FaultRegistry(ADYEN_FAULT_RULES),
    notifications: new NotificationOutbox(hmacKeyHex, merchantAccount, state.clock),
    apiKey: options.apiKey ?? DEFAULT_API_KEY,
  };
  const certificate = await sandboxCertificate();
  const tls: ServerOptions = { key: certificate.keyPem, cert: certificate.certPem };
  const server = createServer(tls, (req, res) => {
    route(context, req, res).catch((error: unknown) => {
      const failure = new AdyenFailure(error instanceof BodyTooLargeError ? 413 : 500, '99_500', 'Error processing request', 'internal');
      const answer = failureAnswer(failure);
      send(res, answer.status, answer.body, {});
    });
  });
  const { port, url } = await listen(server, { port: options.port ?? 0, host, scheme: 'https' });
  state.baseUrl = url;
  if (options.seed ?? true) seedDemoData(state);
  return {
    url, host, port, merchantAccount, hmacKeyHex,
    apiKey: context.apiKey,
    caCertificatePem: certificate.certPem,
    state,
    faults: context.faults,
    notifications: context.notifications,
    addStoredPaymentMethod: (input) => addStoredPaymentMethod(state, input),
    payPaymentLink: (linkId, holderName) => payPaymentLink(state, context.notifications, linkId, holderName),
    capturePayment: (psp) => capturePayment(state, context.notifications, psp),
    failRefund: (psp) => failRefund(state, context.notifications, psp),
    close: () => closeServer(server),
  };
}

function route(context: SandboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://sandbox.invalid');
  if (url.pathname.startsWith('/v72/')) return serveApi(context, req, res, url);
  if (url.pathname.startsWith('/_sandbox/')) return serveSandbox(context, req, res, url);
  if (url.pathname.startsWith('/payByLink/')) return servePayPage(context, req, res, url);
  const answer = failureAnswer(notFound());
  send(res, answer.status, answer.body, {});
  return Promise.resolve();
}
