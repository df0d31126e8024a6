import type { DeclineLimiter } from '../limits/decline-limiter.js';
import type { HostedLinks } from '../links/hosted-links.js';
import type { Store } from '../store/types.js';
import type { IdempotencySettings } from './idempotent.js';
import type { Registry } from './registry.js';

/** What the RPC handlers need, built once at start (src/main.ts). */
export interface ApiDeps {
  registry: Registry;
  store: Store;
  idempotency: IdempotencySettings;
  /** ISO 3166 region for phone numbers written without a country code. */
  defaultRegion: string;
  /** Payment links whose page Tender serves (accounts declaring tender_hosted_payment_page). */
  hostedLinks: HostedLinks;
  /** Per-tenant decline limits every charge of a saved payment method goes through (src/limits/). */
  limits: DeclineLimiter;
}
