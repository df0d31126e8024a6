import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { IdempotencyRecord, Store } from './types.js';
import type { StoreContractSubject } from './store-contract.js';

/** Short enough to keep the suite fast, long enough to outlast a loaded machine's hiccup. */
const SHORT_MS = 150;
const LONG_MS = 60_000;
const PARALLEL_CALLS = 50;
const PEER_STORES = 5;

/**
 * The idempotency half of the store contract (store-contract.ts). `current` gives the
 * subject and store opened in the suite's beforeAll.
 */
export function describeIdempotencyContract(current: () => { subject: StoreContractSubject; store: Store }): void {
  let scope: string;
  // A new tenant per test: isolation without deleting anything between tests.
  const freshScope = (): string => (scope = `tenant-${randomUUID()}`);
  const idem = () => current().store.idempotency;

  describe('idempotency', () => {
    it('acquires a new key, then replays the stored outcome to a retry', async () => {
      freshScope();
      const begun = await idem().begin(scope, 'k1', 'fp-a', LONG_MS);
      expect(begun.state).toBe('acquired');
      const record = recordFor('fp-a', 'first');
      expect(await idem().complete(scope, 'k1', tokenOf(begun), record, LONG_MS)).toBe(true);

      expect(await idem().begin(scope, 'k1', 'fp-a', LONG_MS)).toEqual({ state: 'replay', record });
      expect(await idem().get(scope, 'k1')).toEqual(record);
    });

    it('keeps error outcomes with their field', async () => {
      freshScope();
      const token = tokenOf(await idem().begin(scope, 'k', 'fp', LONG_MS));
      const record: IdempotencyRecord = {
        fingerprint: 'fp',
        outcome: { kind: 'error', code: 'invalid_argument', message: 'amount: too small', field: 'amount' },
        completedAt: 1_700_000_000_123,
      };
      await idem().complete(scope, 'k', token, record, LONG_MS);
      expect(await idem().get(scope, 'k')).toEqual(record);
    });

    it('reports nothing to get for a key that is unknown or still running', async () => {
      freshScope();
      expect(await idem().get(scope, 'never-used')).toBeUndefined();
      await idem().begin(scope, 'running', 'fp', LONG_MS);
      expect(await idem().get(scope, 'running')).toBeUndefined();
    });

    it('answers in_flight to the same request while the first still runs', async () => {
      freshScope();
      expect((await idem().begin(scope, 'k', 'fp', LONG_MS)).state).toBe('acquired');
      expect(await idem().begin(scope, 'k', 'fp', LONG_MS)).toEqual({ state: 'in_flight' });
    });

    it('answers mismatch to a different request while the first still runs', async () => {
      freshScope();
      await idem().begin(scope, 'k', 'fp-a', LONG_MS);
      expect(await idem().begin(scope, 'k', 'fp-b', LONG_MS)).toEqual({ state: 'mismatch' });
    });

    it('answers mismatch to a different request after the first completed', async () => {
      freshScope();
      const token = tokenOf(await idem().begin(scope, 'k', 'fp-a', LONG_MS));
      await idem().complete(scope, 'k', token, recordFor('fp-a', 'a'), LONG_MS);
      expect(await idem().begin(scope, 'k', 'fp-b', LONG_MS)).toEqual({ state: 'mismatch' });
    });

    it('frees the key when the lease expires, under a new token', async () => {
      freshScope();
      const first = tokenOf(await idem().begin(scope, 'k', 'fp', SHORT_MS));
      await sleep(SHORT_MS + 100);
      const second = await idem().begin(scope, 'k', 'fp', LONG_MS);
      expect(second.state).toBe('acquired');
      expect(tokenOf(second)).not.toBe(first);
    });

    it('renews a held lease past its first end, so the holder can still complete', async () => {
      freshScope();
      const token = tokenOf(await idem().begin(scope, 'k', 'fp', SHORT_MS));
      expect(await idem().renew(scope, 'k', token, SHORT_MS * 4)).toBe(true);
      await sleep(SHORT_MS + 100);
      expect(await idem().begin(scope, 'k', 'fp', LONG_MS)).toEqual({ state: 'in_flight' });
      expect(await idem().complete(scope, 'k', token, recordFor('fp', 'slow'), LONG_MS)).toBe(true);
      expect(await idem().renew(scope, 'k', token, LONG_MS)).toBe(false);
    });

    it('refuses to renew for a wrong token, a released lease or an expired one', async () => {
      freshScope();
      const token = tokenOf(await idem().begin(scope, 'k', 'fp', SHORT_MS));
      expect(await idem().renew(scope, 'k', 'not-the-token', LONG_MS)).toBe(false);
      await sleep(SHORT_MS + 100);
      expect(await idem().renew(scope, 'k', token, LONG_MS)).toBe(false);
      const next = tokenOf(await idem().begin(scope, 'k', 'fp', LONG_MS));
      expect(await idem().renew(scope, 'k', token, LONG_MS)).toBe(false);
      await idem().release(scope, 'k', next);
      expect(await idem().renew(scope, 'k', next, LONG_MS)).toBe(false);
      await expect(idem().renew(scope, 'k', next, 0)).rejects.toMatchObject({ code: 'invalid_argument' });
    });

    it('refuses complete with a stale token and keeps the current holder', async () => {
      freshScope();
      const stale = tokenOf(await idem().begin(scope, 'k', 'fp', SHORT_MS));
      await sleep(SHORT_MS + 100);
      const current = tokenOf(await idem().begin(scope, 'k', 'fp', LONG_MS));

      expect(await idem().complete(scope, 'k', stale, recordFor('fp', 'stale'), LONG_MS)).toBe(false);
      expect(await idem().get(scope, 'k')).toBeUndefined();
      expect(await idem().begin(scope, 'k', 'fp', LONG_MS)).toEqual({ state: 'in_flight' });

      const winner = recordFor('fp', 'current');
      expect(await idem().complete(scope, 'k', current, winner, LONG_MS)).toBe(true);
      expect(await idem().complete(scope, 'k', stale, recordFor('fp', 'stale'), LONG_MS)).toBe(false);
      expect(await idem().complete(scope, 'k', current, recordFor('fp', 'again'), LONG_MS)).toBe(false);
      expect(await idem().get(scope, 'k')).toEqual(winner);
    });

    it('refuses complete when the lease expired even if nobody took it', async () => {
      freshScope();
      const token = tokenOf(await idem().begin(scope, 'k', 'fp', SHORT_MS));
      await sleep(SHORT_MS + 100);
      expect(await idem().complete(scope, 'k', token, recordFor('fp', 'late'), LONG_MS)).toBe(false);
      expect(await idem().get(scope, 'k')).toBeUndefined();
    });

    it('rejects a record whose fingerprint is not the leased request', async () => {
      freshScope();
      const token = tokenOf(await idem().begin(scope, 'k', 'fp-a', LONG_MS));
      await expect(idem().complete(scope, 'k', token, recordFor('fp-b', 'x'), LONG_MS)).rejects.toMatchObject({
        code: 'internal',
      });
      expect(await idem().begin(scope, 'k', 'fp-a', LONG_MS)).toEqual({ state: 'in_flight' });
    });

    it('release lets a retry acquire; a wrong token releases nothing', async () => {
      freshScope();
      const token = tokenOf(await idem().begin(scope, 'k', 'fp', LONG_MS));
      await idem().release(scope, 'k', 'not-the-token');
      expect(await idem().begin(scope, 'k', 'fp', LONG_MS)).toEqual({ state: 'in_flight' });

      await idem().release(scope, 'k', token);
      const retry = tokenOf(await idem().begin(scope, 'k', 'fp', LONG_MS));
      expect(await idem().complete(scope, 'k', token, recordFor('fp', 'old'), LONG_MS)).toBe(false);
      await idem().release(scope, 'k', token);
      expect(await idem().begin(scope, 'k', 'fp', LONG_MS)).toEqual({ state: 'in_flight' });
      expect(await idem().complete(scope, 'k', retry, recordFor('fp', 'retry'), LONG_MS)).toBe(true);
    });

    it('forgets a record when its retention ends', async () => {
      freshScope();
      const token = tokenOf(await idem().begin(scope, 'k', 'fp-a', LONG_MS));
      await idem().complete(scope, 'k', token, recordFor('fp-a', 'a'), SHORT_MS);
      expect(await idem().get(scope, 'k')).toBeDefined();
      await sleep(SHORT_MS + 100);
      expect(await idem().get(scope, 'k')).toBeUndefined();
      expect((await idem().begin(scope, 'k', 'fp-b', LONG_MS)).state).toBe('acquired');
    });

    it('keeps scopes apart: one key in two tenants holds two records', async () => {
      const tenantA = freshScope();
      const tenantB = freshScope();
      const tokenA = tokenOf(await idem().begin(tenantA, 'shared', 'fp-a', LONG_MS));
      const tokenB = tokenOf(await idem().begin(tenantB, 'shared', 'fp-b', LONG_MS));
      await idem().complete(tenantA, 'shared', tokenA, recordFor('fp-a', 'a'), LONG_MS);
      await idem().complete(tenantB, 'shared', tokenB, recordFor('fp-b', 'b'), LONG_MS);
      expect(await idem().get(tenantA, 'shared')).toEqual(recordFor('fp-a', 'a'));
      expect(await idem().get(tenantB, 'shared')).toEqual(recordFor('fp-b', 'b'));
    });

    it('keeps scope and key apart even when they contain separators and braces', async () => {
      const base = freshScope();
      const pairs: [string, string][] = [
        [`${base}:x`, 'y'],
        [base, 'x:y'],
        [`${base}}`, '{x'],
        [base, '}{x'],
      ];
      for (const [pairScope, pairKey] of pairs) {
        expect((await idem().begin(pairScope, pairKey, 'fp', LONG_MS)).state).toBe('acquired');
      }
    });

    it(`grants exactly one of ${PARALLEL_CALLS} concurrent begins, across ${PEER_STORES} stores`, async () => {
      freshScope();
      const peers = Array.from({ length: PEER_STORES }, () => current().subject.open());
      await Promise.all(peers.map((peer) => peer.ping()));
      const results = await Promise.all(
        Array.from({ length: PARALLEL_CALLS }, (_, i) =>
          peers[i % PEER_STORES]!.idempotency.begin(scope, 'race', 'fp', LONG_MS),
        ),
      );
      const states = results.map((result) => result.state);
      expect(states.filter((state) => state === 'acquired')).toHaveLength(1);
      expect(states.filter((state) => state === 'in_flight')).toHaveLength(PARALLEL_CALLS - 1);
    });

    it('refuses a lease or retention that is not a positive duration', async () => {
      freshScope();
      await expect(idem().begin(scope, 'k', 'fp', 0)).rejects.toMatchObject({ code: 'invalid_argument' });
      const token = tokenOf(await idem().begin(scope, 'k', 'fp', LONG_MS));
      await expect(idem().complete(scope, 'k', token, recordFor('fp', 'x'), -1)).rejects.toMatchObject({
        code: 'invalid_argument',
      });
    });
  });
}

function tokenOf(result: { state: string; token?: string }): string {
  if (result.state !== 'acquired' || result.token === undefined) {
    throw new Error(`expected the key to be acquired, got ${result.state}`);
  }
  return result.token;
}

function recordFor(fingerprint: string, body: string): IdempotencyRecord {
  return {
    fingerprint,
    outcome: { kind: 'response', body: Buffer.from(body).toString('base64') },
    completedAt: 1_700_000_000_000,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
