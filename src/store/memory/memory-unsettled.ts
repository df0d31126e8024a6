import type { UnsettledCall, UnsettledCallStore } from '../unsettled-calls.js';
import { checkedClaim, checkedNewUnsettledCall, checkedUnsettledCall, unsettledSlot } from '../unsettled-rules.js';
import { positiveMs } from '../store-limits.js';

interface Kept {
  call: UnsettledCall;
  /** Epoch ms (wall clock) when the record is dropped: retention after its last change. */
  expiresAt: number;
}

/**
 * Unsettled calls for a single process. Every method runs without awaiting anything, so
 * a claim is atomic with respect to every other call, like the Redis scripts. Records
 * are copied in and out, so a caller changing its object cannot alter what is stored.
 *
 * A claim looks at the given tenant's calls only. Retention runs on the wall clock
 * (Date.now()), while claimDue compares dueAt with the `now` it is given: expiry is
 * checked on every access and expired records are pruned on add and claim, with no
 * timer. There is no capacity bound: dropping a call whose money may have moved would
 * lose it silently, and unknown outcomes are rare.
 */
export function createMemoryUnsettledCalls(): UnsettledCallStore {
  const calls = new Map<string, Kept>();

  const live = (slot: string): Kept | undefined => {
    const kept = calls.get(slot);
    if (kept === undefined || kept.expiresAt > Date.now()) return kept;
    calls.delete(slot);
    return undefined;
  };

  const prune = (): void => {
    const wallNow = Date.now();
    for (const [slot, kept] of calls) if (kept.expiresAt <= wallNow) calls.delete(slot);
  };

  return {
    async add(given, retentionMs): Promise<UnsettledCall> {
      const call = checkedNewUnsettledCall(given);
      const retention = positiveMs('retentionMs', retentionMs);
      const slot = unsettledSlot(call.tenant, call.ref);
      const kept = live(slot);
      if (kept !== undefined) return structuredClone(kept.call);
      prune();
      calls.set(slot, { call: structuredClone(call), expiresAt: Date.now() + retention });
      return structuredClone(call);
    },

    async get(tenant, ref): Promise<UnsettledCall | undefined> {
      const kept = live(unsettledSlot(tenant, ref));
      return kept === undefined ? undefined : structuredClone(kept.call);
    },

    async claimDue(tenant, now, max, holdMs): Promise<UnsettledCall[]> {
      const claim = checkedClaim(tenant, now, max, holdMs);
      prune();
      // Ties in dueAt go by ref, as the tenant's Redis sorted set orders equal scores by member.
      const due = [...calls.values()]
        .filter(({ call }) => call.tenant === claim.tenant && call.state === 'pending' && call.dueAt <= claim.now)
        .sort(({ call: a }, { call: b }) => a.dueAt - b.dueAt || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0))
        .slice(0, claim.max);
      return due.map((kept) => {
        kept.call.dueAt = claim.heldUntil;
        return structuredClone(kept.call);
      });
    },

    async update(given, retentionMs): Promise<void> {
      const call = checkedUnsettledCall(given);
      const retention = positiveMs('retentionMs', retentionMs);
      calls.set(unsettledSlot(call.tenant, call.ref), { call: structuredClone(call), expiresAt: Date.now() + retention });
    },
  };
}
