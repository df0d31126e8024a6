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
}
