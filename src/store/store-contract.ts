import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDeclineLimitContract } from './store-contract-decline-limits.js';
import { describeDirectoryContract } from './store-contract-directory.js';
import { describeIdempotencyContract } from './store-contract-idempotency.js';
import { describeLedgerContract } from './store-contract-ledger.js';
import { describeLinkContract } from './store-contract-links.js';
import { describeUnsettledContract } from './store-contract-unsettled.js';
import type { Store, TenderEvent } from './types.js';

/**
 * The one test suite every Store implementation must pass (types.ts), so memory and
 * Redis cannot drift apart. Each test works in a fresh random scope (tenant or account),
 * so tests never see each other's keys even on a shared Redis.
 */
export interface StoreContractSubject {
  /**
   * Opens a store. All stores one subject opens share their state, as several Tender
   * processes share one Redis; the concurrency test races them against each other.
   */
  open(): Store;
  /** Closes what `open` returned and removes what the suite wrote. */
  dispose(): Promise<void>;
}

export function describeStoreContract(name: string, makeSubject: () => StoreContractSubject): void {
  describe(`${name} store contract`, () => {
    let subject: StoreContractSubject;
    let store: Store;

    beforeAll(() => {
      subject = makeSubject();
      store = subject.open();
    });
    afterAll(async () => {
      await subject?.dispose();
    });
    // A new tenant per test: isolation without deleting anything between tests.
    const freshTenant = (): string => `tenant-${randomUUID()}`;

    describeIdempotencyContract(() => ({ subject, store }));
    describeDirectoryContract(() => ({ subject, store }));
    describeLinkContract(() => ({ subject, store }));
    describeLedgerContract(() => ({ subject, store }));
    describeDeclineLimitContract(() => ({ subject, store }));
    describeUnsettledContract(() => ({ subject, store }));

    describe('events', () => {
      it('reads appended events oldest first, with the ids append returned', async () => {
        const tenant = freshTenant();
        const sent = [eventFor(tenant, 'charge.succeeded', 1), eventFor(tenant, 'refund.created', 2)];
        const ids: string[] = [];
        for (const event of sent) ids.push(await store.events.append(event));
        expect(new Set(ids).size).toBe(2);
        expect(await store.events.read(tenant)).toEqual(sent.map((event, i) => ({ ...event, id: ids[i] })));
      });

      it('pages with after and limit, after being exclusive', async () => {
        const tenant = freshTenant();
        const ids: string[] = [];
        for (let n = 1; n <= 5; n++) ids.push(await store.events.append(eventFor(tenant, 'charge.succeeded', n)));

        const firstPage = await store.events.read(tenant, { limit: 2 });
        expect(firstPage.map((event) => event.data.n)).toEqual([1, 2]);
        const secondPage = await store.events.read(tenant, { after: firstPage[1]!.id, limit: 2 });
        expect(secondPage.map((event) => event.data.n)).toEqual([3, 4]);
        const rest = await store.events.read(tenant, { after: secondPage[1]!.id });
        expect(rest.map((event) => event.id)).toEqual([ids[4]]);
        expect(await store.events.read(tenant, { after: ids[4] })).toEqual([]);
      });

      it('keeps tenants apart', async () => {
        const tenantA = freshTenant();
        const tenantB = freshTenant();
        await store.events.append(eventFor(tenantA, 'charge.succeeded', 1));
        expect(await store.events.read(tenantB)).toEqual([]);
        expect(await store.events.read(tenantA)).toHaveLength(1);
      });

      it('refuses an after that is not an event id, and a limit below one', async () => {
        const tenant = freshTenant();
        await expect(store.events.read(tenant, { after: 'nonsense' })).rejects.toMatchObject({
          code: 'invalid_argument',
        });
        await expect(store.events.read(tenant, { limit: 0 })).rejects.toMatchObject({ code: 'invalid_argument' });
      });
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}

function eventFor(tenant: string, type: string, n: number): TenderEvent {
  return { type, tenant, accountId: 'acct-1', at: 1_700_000_000_000 + n, data: { n, approved: true, id: `ch_${n}` } };
}
