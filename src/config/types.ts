import type { Money, ProcessorName } from '../core/types.js';
import type { DeclineLimitSettings } from '../limits/settings.js';

/**
 * Tender's configuration, as loaded from YAML or JSON (src/config/load.ts) and
 * validated (src/config/validate.ts). Field names are camelCase in the file too.
 * Secrets never appear here: credentials name environment variables, resolved at
 * startup by resolveSecrets (src/config/secrets.ts).
 */
export interface TenderConfig {
  listen: ListenConfig;
  phone: PhoneConfig;
  store: StoreConfig;
  idempotency: IdempotencyConfig;
  /** Processor accounts; at least one, ids unique. */
  accounts: AccountConfig[];
  /** Who may use which accounts; at least one, ids unique. */
  tenants: TenantConfig[];
  /** Keys that may call the API; at least one. */
  apiKeys: ApiKeyConfig[];
}

export interface ListenConfig {
  /** gRPC address, "host:port". Default "127.0.0.1:50051"; "0.0.0.0:50051" in a container. */
  grpc: string;
  /** HTTP address for webhooks, health and metrics, "host:port". Off when absent. */
  http?: string;
  /**
   * The base URL at which callers' browsers reach the HTTP side, for the payment pages
   * Tender hosts ("https://pay.example.com", or with a path prefix a proxy strips).
   * http or https, no credentials, query or fragment; stored without a trailing slash.
   * Default "http://<listen.http>" with the bound port, which suits local runs only.
   */
  publicUrl?: string;
}

export interface PhoneConfig {
  /**
   * ISO 3166-1 alpha-2 region used to read phone numbers given without a country code
   * ("415 555 0123" in "US"). Default "US"; must be a region libphonenumber-js knows.
   */
  defaultRegion: string;
}

/**
 * Where idempotency records and events live. "memory" for one process (the default);
 * "redis" to share state between instances. The REDIS_URL environment variable
 * overrides this and implies "redis".
 */
export type StoreConfig =
  | { kind: 'memory' }
  | {
      kind: 'redis';
      /** Default "redis://127.0.0.1:6379"; "redis+cluster://host:port,host:port" for a Redis Cluster. */
      url: string;
      /**
       * First segment of every key, default "tender": deployments (or test runs) sharing
       * one Redis stay apart. 1-64 of A-Z a-z 0-9 _ . : - (no braces: hash tags follow it).
       */
      keyPrefix?: string;
    };

export interface IdempotencyConfig {
  /** How long a finished call's outcome is replayed for its key. Default 24. */
  retentionHours: number;
  /**
   * How long a running call's hold on its key lasts without renewal. A running call
   * renews it every third of this (src/api/lease-keeper.ts), so it need not outlast the
   * slowest processor call: it bounds how long a crashed instance keeps a key from a
   * retry. Default 30.
   */
  leaseSeconds: number;
  /**
   * How often each instance looks for calls whose outcome is unknown and settles them
   * (src/reconcile/). Default 5.
   */
  reconcileIntervalSeconds: number;
  /**
   * How long Tender keeps settling an unknown outcome by re-sending it under the same
   * processor key before leaving it to a person (1-23: processors forget keys, Stripe
   * after 24 hours, and a re-send under a forgotten key could charge again). Default 23.
   */
  reconcileGiveUpHours: number;
}

/** An environment variable holding one secret. */
export interface SecretRef {
  env: string;
}

export interface AccountConfig {
  /** Lower-case letters, digits and dashes, 1-40 characters, starting with a letter or digit. */
  id: string;
  processor: ProcessorName;
  /** Shown to agents; when absent, consumers show the id. */
  displayName?: string;
  /** True: run against Tender's built-in sandbox for this processor, not the real one. */
  sandbox: boolean;
  /**
   * Secrets by name, each read from an environment variable, e.g. Stripe
   * { secretKey: { env: "STRIPE_SECRET_KEY" }, webhookSecret: { env: ... } }. The names
   * are the adapter's; a literal value is refused.
   */
  credentials: Record<string, SecretRef>;
  settings: AccountSettings;
}

/** Processor options that are not secret. Unknown keys pass through to the adapter. */
export interface AccountSettings {
  /** Override the processor's API base URL (http or https). */
  baseUrl?: string;
  /** Per-request timeout, milliseconds (1-600000). */
  timeoutMs?: number;
  /** Retries the SDK may make on network errors (0-10). */
  maxNetworkRetries?: number;
  /** Adyen merchant account. */
  merchantAccount?: string;
  [setting: string]: string | number | undefined;
}

export interface TenantConfig {
  /** Same rules as an account id. */
  id: string;
  /** Ids of the accounts this tenant may use; each must exist. */
  accounts: string[];
  /** The account used when a request names none; one of `accounts`. */
  defaultAccount?: string;
  /** Refunds above this amount wait for a person's approval. */
  refundApprovalThreshold?: Money;
  /**
   * Decline limits (src/limits/settings.ts). Absent: the defaults. Given: every field is
   * optional and falls back to its default: customerDeclines 3 in customerWindowMinutes
   * 15; methodAttempts 15 in methodAttemptWindowDays 30; methodDeclines 10 in
   * methodDeclineWindowHours 24; hardDeclineBlockDays 30.
   */
  declineLimits?: DeclineLimitSettings;
}

export interface ApiKeyConfig {
  /** Names the key in logs and errors; unique. */
  id: string;
  /** The tenant the key acts for; must exist. */
  tenant: string;
  /** Hex SHA-256 of the key (`printf %s "$KEY" | sha256sum`), stored lower case. */
  sha256: string;
  /** Scopes from src/server/scopes.ts, or "*" for all. */
  scopes: string[];
}
