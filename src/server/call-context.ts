import type { Logger } from 'pino';

/** Who is calling: the API key that authenticated the call and what it may do. */
export interface Principal {
  /** The key's id from the configuration (never the key itself). */
  keyId: string;
  /** The tenant the key belongs to; every store key and account lookup is scoped to it. */
  tenant: string;
  /** Granted scopes; "*" grants every scope. */
  scopes: ReadonlySet<string>;
}

/** What an RPC handler gets besides the request, once the call pipeline has run. */
export interface CallContext {
  /** Full method name, e.g. "tender.v1.PaymentService/Charge". */
  method: string;
  principal: Principal;
  /**
   * Aborted at the gRPC deadline or when the client cancels. Pass it to every I/O the
   * handler starts, so that a call nobody waits for stops spending work.
   */
  signal: AbortSignal;
  deadline?: Date;
  /** The caller's x-request-id when it sent a sane one, otherwise a fresh UUID. */
  requestId: string;
  /** Child logger bound to method, requestId and tenant (made on first use). */
  readonly logger: Logger;
  /** Sets a response header (metadata), sent with the response or the error. */
  setHeader(key: string, value: string): void;
}
