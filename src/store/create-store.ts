import { createMemoryStore } from './memory/memory-store.js';
import { createRedisStore } from './redis/redis-store.js';
import type { Store } from './types.js';

export type StoreConfig = { kind: 'memory' } | { kind: 'redis'; url: string; keyPrefix?: string };

/** The one place configuration picks a Store implementation. */
export function createStore(config: StoreConfig): Store {
  switch (config.kind) {
    case 'memory':
      return createMemoryStore();
    case 'redis':
      return createRedisStore({ url: config.url, keyPrefix: config.keyPrefix });
  }
}
