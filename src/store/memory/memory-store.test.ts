import { describe, expect, it } from 'vitest';
import { describeStoreContract } from '../store-contract.js';
import { createMemoryStore } from './memory-store.js';

describeStoreContract('memory', () => {
  // One process has one memory: every "peer" is the same store.
  const store = createMemoryStore();
  return { open: () => store, dispose: () => store.close() };
});

describe('memory event log', () => {
  it('drops the oldest events beyond its cap and keeps ids increasing', async () => {
    const store = createMemoryStore({ eventCap: 3 });
    const ids: string[] = [];
    for (let n = 1; n <= 5; n++) {
      ids.push(await store.events.append({ type: 't', tenant: 'acme', accountId: 'a', at: n, data: { n } }));
    }
    const kept = await store.events.read('acme');
    expect(kept.map((event) => event.data.n)).toEqual([3, 4, 5]);
    expect(kept.map((event) => event.id)).toEqual(ids.slice(2));
    // An id that was trimmed away still works as a page boundary.
    expect((await store.events.read('acme', { after: ids[0] })).map((event) => event.data.n)).toEqual([3, 4, 5]);
    await store.close();
  });
});
