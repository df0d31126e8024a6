import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { StoreContractSubject } from './store-contract.js';
import type { Store } from './types.js';
import type { UnsettledCall } from './unsettled-calls.js';

/** Short enough to keep the suite fast, long enough to outlast a loaded machine's hiccup. */
const SHORT_MS = 150;
const LONG_MS = 60_000;
const HOLD_MS = 60_000;
const PEER_STORES = 5;
const RACED_CALLS = 20;

/**
 * Dates of calls and claims. claimDue looks at one tenant only and every test uses fresh
 * tenants, so tests need no time of their own; retention runs on the wall clock whatever
 * the dates are.
 */
const BASE = 1_500_000_000_000;

/**
 * The unsettled-call part of the store contract (store-contract.ts). `current` gives the
 * subject and store opened in the suite's beforeAll.
 */
export function describeUnsettledContract(current: () => { subject: StoreContractSubject; store: Store }): void {
  const unsettled = () => current().store.unsettled;
  // A new tenant per test: isolation without deleting anything between tests.
  const freshTenant = (): string => `tenant-${randomUUID()}`;
  const refsOf = (claimed: UnsettledCall[]): string[] => claimed.map((call) => call.ref);
  const added = async (tenant: string, ref: string, dueAt: number, retentionMs = LONG_MS): Promise<UnsettledCall> => {
    const made = callFor(tenant, ref, dueAt);
    await unsettled().add(made, retentionMs);
    return made;
  };

  describe('unsettled calls', () => {
    it('returns what was added, as copies the caller cannot alter, and undefined for an unknown ref', async () => {
      const tenant = freshTenant();
      const full = { ...callFor(tenant, 'full', BASE), limitTicket: '{"token":"t-1"}' };
      const given = structuredClone(full);
      expect(await unsettled().add(given, LONG_MS)).toEqual(full);
      given.attempts = 7;
      const read = await unsettled().get(tenant, 'full');
      expect(read).toEqual(full);
      read!.state = 'abandoned';
      expect(await unsettled().get(tenant, 'full')).toEqual(full);

      const bare = callFor(tenant, 'bare', full.dueAt);
      await unsettled().add(bare, LONG_MS);
      expect(await unsettled().get(tenant, 'bare')).toEqual(bare);
      expect(await unsettled().get(tenant, 'unknown')).toBeUndefined();
    });

    it('keeps the first call under a ref and returns it to a later add', async () => {
      const tenant = freshTenant();
      const first = await added(tenant, 'r', BASE);
      const second = { ...callFor(tenant, 'r', first.dueAt + 5), request: 'b3RoZXI=', idempotencyKey: 'other' };
      expect(await unsettled().add(second, LONG_MS)).toEqual(first);
      expect(await unsettled().get(tenant, 'r')).toEqual(first);
    });

    it('keeps tenants apart: one ref in two tenants is two calls', async () => {
      const [tenantA, tenantB] = [freshTenant(), freshTenant()];
      const callA = await added(tenantA, 'shared', BASE);
      const callB = { ...callFor(tenantB, 'shared', BASE + 1), accountId: 'acct-b' };
      expect(await unsettled().add(callB, LONG_MS)).toEqual(callB);
      expect(await unsettled().get(tenantA, 'shared')).toEqual(callA);
      expect(await unsettled().get(tenantB, 'shared')).toEqual(callB);
      expect(await unsettled().get(freshTenant(), 'shared')).toBeUndefined();
    });

    it("claims only the given tenant's calls, leaving another tenant's due for that tenant", async () => {
      const [tenantA, tenantB] = [freshTenant(), freshTenant()];
      // B's calls are due first and share A's refs, so a claim across tenants would take them.
      const callsB = [await added(tenantB, 'r-1', BASE), await added(tenantB, 'r-2', BASE + 1)];
      await added(tenantA, 'r-1', BASE + 10);
      await added(tenantA, 'r-2', BASE + 20);
      const now = BASE + 100;

      const claimedA = await unsettled().claimDue(tenantA, now, 1, HOLD_MS);
      expect(claimedA).toEqual([{ ...callFor(tenantA, 'r-1', BASE + 10), dueAt: now + HOLD_MS }]);
      const restA = await unsettled().claimDue(tenantA, now, 10, HOLD_MS);
      expect(restA.map((call) => [call.tenant, call.ref])).toEqual([[tenantA, 'r-2']]);
      expect(await unsettled().claimDue(tenantA, now, 10, HOLD_MS)).toEqual([]);
      expect(await unsettled().claimDue(freshTenant(), now, 10, HOLD_MS)).toEqual([]);

      expect(await unsettled().get(tenantB, 'r-1')).toEqual(callsB[0]);
      expect(await unsettled().get(tenantB, 'r-2')).toEqual(callsB[1]);
      const claimedB = await unsettled().claimDue(tenantB, now, 10, HOLD_MS);
      expect(claimedB).toEqual(callsB.map((call) => ({ ...call, dueAt: now + HOLD_MS })));
      expect((await unsettled().get(tenantA, 'r-1'))?.dueAt).toBe(now + HOLD_MS);
    });

    it('claims due pending calls oldest first, at most max, and holds them until the hold ends', async () => {
      const tenant = freshTenant();
      await added(tenant, 'a', BASE + 30);
      await added(tenant, 'b', BASE + 10);
      await added(tenant, 'c', BASE + 20);
      await added(tenant, 'd', BASE + 40);
      await added(tenant, 'later', BASE + 10 * HOLD_MS);
      const now = BASE + 100;
      const heldUntil = now + HOLD_MS;

      const first = await unsettled().claimDue(tenant, now, 3, HOLD_MS);
      expect(refsOf(first)).toEqual(['b', 'c', 'a']);
      expect(first.every((call) => call.dueAt === heldUntil)).toBe(true);
      expect(first[0]).toEqual({ ...callFor(tenant, 'b', BASE + 10), dueAt: heldUntil });
      expect((await unsettled().get(tenant, 'b'))?.dueAt).toBe(heldUntil);

      expect(refsOf(await unsettled().claimDue(tenant, now, 10, HOLD_MS))).toEqual(['d']);
      expect(await unsettled().claimDue(tenant, now, 10, HOLD_MS)).toEqual([]);
      expect(await unsettled().claimDue(tenant, heldUntil - 1, 10, HOLD_MS)).toEqual([]);

      const again = await unsettled().claimDue(tenant, heldUntil, 10, HOLD_MS);
      expect(refsOf(again).sort()).toEqual(['a', 'b', 'c', 'd']);
      expect(again.every((call) => call.dueAt === heldUntil + HOLD_MS)).toBe(true);
      expect((await unsettled().add(callFor(tenant, 'a', BASE), LONG_MS)).dueAt).toBe(heldUntil + HOLD_MS);
    });

    it('never claims settled or abandoned calls', async () => {
      const tenant = freshTenant();
      const settled = await added(tenant, 'settled', BASE + 1);
      const abandoned = await added(tenant, 'abandoned', BASE + 2);
      await added(tenant, 'pending', BASE + 3);
      const done = { ...settled, state: 'settled' as const, response: 'c2V0dGxlZA==', attempts: 1, updatedAt: BASE + 50 };
      await unsettled().update(done, LONG_MS);
      await unsettled().update({ ...abandoned, state: 'abandoned', attempts: 9, updatedAt: BASE + 50 }, LONG_MS);

      expect(refsOf(await unsettled().claimDue(tenant, BASE + 100, 10, HOLD_MS))).toEqual(['pending']);
      expect(await unsettled().claimDue(tenant, BASE + 100 + HOLD_MS * 5, 10, HOLD_MS)).toHaveLength(1);
      expect(await unsettled().get(tenant, 'settled')).toEqual(done);
      expect((await unsettled().get(tenant, 'abandoned'))?.state).toBe('abandoned');
    });

    it('update changes state, attempts and dueAt, and a pending call is claimed at its new dueAt', async () => {
      const tenant = freshTenant();
      const call = await added(tenant, 'r', BASE + 10);
      const retried = { ...call, dueAt: BASE + 500, attempts: 1, updatedAt: BASE + 20 };
      await unsettled().update(retried, LONG_MS);
      expect(await unsettled().get(tenant, 'r')).toEqual(retried);

      expect(await unsettled().claimDue(tenant, BASE + 499, 10, HOLD_MS)).toEqual([]);
      const claimed = await unsettled().claimDue(tenant, BASE + 500, 10, HOLD_MS);
      expect(claimed).toEqual([{ ...retried, dueAt: BASE + 500 + HOLD_MS }]);

      const settled = { ...claimed[0]!, state: 'settled' as const, response: 'ZG9uZQ==', attempts: 2 };
      await unsettled().update(settled, LONG_MS);
      expect(await unsettled().get(tenant, 'r')).toEqual(settled);
    });

    it('drops a call when its retention after the last change ends', async () => {
      const tenant = freshTenant();
      await added(tenant, 'short', BASE, SHORT_MS);
      const kept = await added(tenant, 'kept', BASE);
      const updated = await added(tenant, 'updated', BASE);
      await unsettled().update({ ...updated, state: 'settled', response: 'eA==' }, SHORT_MS);
      expect(await unsettled().get(tenant, 'short')).toBeDefined();

      await sleep(SHORT_MS + 100);
      expect(await unsettled().get(tenant, 'short')).toBeUndefined();
      expect(await unsettled().get(tenant, 'updated')).toBeUndefined();
      expect(refsOf(await unsettled().claimDue(tenant, BASE + 100, 10, HOLD_MS))).toEqual(['kept']);
      const fresh = { ...callFor(tenant, 'short', BASE + 1), idempotencyKey: 'new-key' };
      expect(await unsettled().add(fresh, LONG_MS)).toEqual(fresh);
      expect(await unsettled().get(tenant, 'kept')).toEqual({ ...kept, dueAt: BASE + 100 + HOLD_MS });
    });

    it(`hands each due call to exactly one of ${PEER_STORES} stores claiming at once`, async () => {
      const tenant = freshTenant();
      for (let n = 0; n < RACED_CALLS; n++) await added(tenant, `r-${n}`, BASE + n);
      const peers = Array.from({ length: PEER_STORES }, () => current().subject.open());
      await Promise.all(peers.map((peer) => peer.ping()));
      const claims = await Promise.all(
        Array.from({ length: PEER_STORES * 2 }, (_, i) =>
          peers[i % PEER_STORES]!.unsettled.claimDue(tenant, BASE + 100, 4, HOLD_MS),
        ),
      );
      const refs = claims.flatMap(refsOf);
      expect(refs).toHaveLength(RACED_CALLS);
      expect(new Set(refs).size).toBe(RACED_CALLS);
    });

    it('refuses an empty tenant or ref, a call not shaped as one, a bad duration or max', async () => {
      const tenant = freshTenant();
      const call = callFor(tenant, 'r', BASE);
      const refused = (promise: Promise<unknown>, field: string) =>
        expect(promise).rejects.toMatchObject({ code: 'invalid_argument', field });
      await refused(unsettled().add({ ...call, tenant: '' }, LONG_MS), 'call.tenant');
      await refused(unsettled().add({ ...call, ref: '' }, LONG_MS), 'call.ref');
      await refused(unsettled().add({ ...call, state: 'settled' }, LONG_MS), 'call.state');
      await refused(unsettled().add({ ...call, cardNumber: '4242424242424242' } as UnsettledCall, LONG_MS), 'call');
      await refused(unsettled().add(call, 0), 'retentionMs');
      await refused(unsettled().update({ ...call, ref: '' }, LONG_MS), 'call.ref');
      await refused(unsettled().update(call, -1), 'retentionMs');
      await refused(unsettled().get('', 'r'), 'tenant');
      await refused(unsettled().get(tenant, ''), 'ref');
      await refused(unsettled().claimDue('', call.dueAt, 10, HOLD_MS), 'tenant');
      await refused(unsettled().claimDue(tenant, call.dueAt, 10, 0), 'holdMs');
      await refused(unsettled().claimDue(tenant, call.dueAt, 0, HOLD_MS), 'max');
      await refused(unsettled().claimDue(tenant, call.dueAt, 1.5, HOLD_MS), 'max');
      await refused(unsettled().claimDue(tenant, Number.NaN, 1, HOLD_MS), 'now');
      expect(await unsettled().get(tenant, 'r')).toBeUndefined();
    });
  });
}

function callFor(tenant: string, ref: string, dueAt: number): UnsettledCall {
  return {
    tenant,
    ref,
    accountId: 'acct-1',
    method: 'tender.v1.PaymentService/Charge',
    idempotencyKey: `key-${ref}`,
    request: Buffer.from(`request ${ref}`).toString('base64'),
    createdAt: dueAt - 1_000,
    attempts: 0,
    dueAt,
    state: 'pending',
    updatedAt: dueAt - 1_000,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
