import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type {
  DeclineLimitRules, LimitOutcome, LimitScope, LimitSubject, Reservation, ReserveResult, ScopeReading,
} from './decline-limits.js';
import type { StoreContractSubject } from './store-contract.js';
import type { Store } from './types.js';

const LONG_MS = 60_000;
/** Short enough to keep the suite fast, long enough to outlast a loaded machine's hiccup. */
const SHORT_MS = 250;
const RACERS = 30;
const PEER_STORES = 5;

function rules(overrides: Partial<DeclineLimitRules> = {}): DeclineLimitRules {
  return {
    customerDeclines: { limit: 3, windowMs: LONG_MS },
    methodAttempts: { limit: 15, windowMs: LONG_MS },
    methodDeclines: { limit: 10, windowMs: LONG_MS },
    hardDeclineBlockMs: LONG_MS,
    ...overrides,
  };
}

function reserved(result: ReserveResult): Reservation {
  if (result.state !== 'reserved') throw new Error(`refused: ${JSON.stringify(result.readings)}`);
  return result.reservation;
}

/** The limits that refused, by scope. */
function refusedBy(result: ReserveResult): Partial<Record<LimitScope, ScopeReading>> {
  if (result.state !== 'refused') throw new Error('expected a refusal');
  return Object.fromEntries(result.readings.filter((r) => r.retryAfterMs > 0).map((r) => [r.scope, r]));
}

/**
 * The decline-limit part of the store contract (store-contract.ts). Every test works for
 * a fresh random tenant, so tests never see each other's counts.
 */
export function describeDeclineLimitContract(current: () => { subject: StoreContractSubject; store: Store }): void {
  const limits = () => current().store.limits;
  const fresh = (paymentMethodId = ''): LimitSubject => ({ tenant: `tenant-${randomUUID()}`, customerId: 'acct:cus_1', paymentMethodId });
  /** One charge through the store: reserve, then settle with `outcome`. */
  const charge = async (subject: LimitSubject, outcome: LimitOutcome, given = rules(), reported = subject.paymentMethodId) => {
    const reservation = reserved(await limits().reserve(subject, given, LONG_MS));
    await limits().settle(reservation, { outcome, paymentMethodId: reported, chargedDefault: subject.paymentMethodId === '' }, given);
  };

  describe('decline limits', () => {
    it('refuses the customer after the limit of declines, until the oldest leaves the window', async () => {
      const subject = fresh();
      for (let n = 0; n < 3; n++) await charge(subject, 'decline');
      const refusal = refusedBy(await limits().reserve(subject, rules(), LONG_MS));
      expect(refusal.customer_declines).toMatchObject({ count: 3, inFlight: 0, limit: 3, windowMs: LONG_MS });
      expect(refusal.customer_declines!.retryAfterMs).toBeGreaterThan(LONG_MS - 5_000);
      expect(refusal.customer_declines!.retryAfterMs).toBeLessThanOrEqual(LONG_MS);
      expect(await limits().read(subject, rules())).toEqual([expect.objectContaining({ scope: 'customer_declines', count: 3 })]);
    });

    it('counts reservations in flight as if they would decline, until settled or their lease ends', async () => {
      const subject = fresh('acct:pm_1');
      const first = reserved(await limits().reserve(subject, rules({ customerDeclines: { limit: 2, windowMs: LONG_MS } }), LONG_MS));
      reserved(await limits().reserve(subject, rules({ customerDeclines: { limit: 2, windowMs: LONG_MS } }), SHORT_MS));
      const refusal = refusedBy(await limits().reserve(subject, rules({ customerDeclines: { limit: 2, windowMs: LONG_MS } }), LONG_MS));
      expect(refusal.customer_declines).toMatchObject({ count: 0, inFlight: 2 });
      expect(refusal.customer_declines!.retryAfterMs).toBeLessThanOrEqual(SHORT_MS);
      await sleep(SHORT_MS + 50);
      await limits().settle(first, { outcome: 'success', paymentMethodId: 'acct:pm_1', chargedDefault: false }, rules());
      const readings = await limits().read(subject, rules({ customerDeclines: { limit: 2, windowMs: LONG_MS } }));
      expect(readings.map((r) => [r.scope, r.count, r.inFlight, r.retryAfterMs])).toEqual([
        ['customer_declines', 0, 0, 0], ['method_attempts', 0, 0, 0], ['method_declines', 0, 0, 0], ['method_blocked', 0, 0, 0],
      ]);
    });

    it('does not count a success or an unknown outcome as a decline; an unknown outcome is an attempt', async () => {
      const subject = fresh('acct:pm_1');
      await charge(subject, 'success');
      await charge(subject, 'attempt');
      await charge(subject, 'none');
      const readings = await limits().read(subject, rules());
      expect(readings.map((r) => [r.scope, r.count])).toEqual([
        ['customer_declines', 0], ['method_attempts', 1], ['method_declines', 0], ['method_blocked', 0],
      ]);
    });

    it('caps attempts on a method since its last success (Visa reattempts)', async () => {
      const subject = fresh('acct:pm_1');
      const capped = rules({ methodAttempts: { limit: 2, windowMs: LONG_MS } });
      await charge(subject, 'attempt', capped);
      await charge(subject, 'success', capped);
      await charge(subject, 'decline', capped);
      await charge(subject, 'attempt', capped);
      const refusal = refusedBy(await limits().reserve(subject, capped, LONG_MS));
      expect(Object.keys(refusal)).toEqual(['method_attempts']);
      expect(refusal.method_attempts).toMatchObject({ count: 2, limit: 2 });
      // Another method of the same customer is not capped.
      reserved(await limits().reserve({ ...subject, paymentMethodId: 'acct:pm_2' }, capped, LONG_MS));
    });

    it('caps declines on a method (Mastercard excessive declines), separately from the customer', async () => {
      const subject = fresh('acct:pm_1');
      const capped = rules({ customerDeclines: { limit: 10, windowMs: LONG_MS }, methodDeclines: { limit: 2, windowMs: LONG_MS } });
      await charge(subject, 'decline', capped);
      await charge(subject, 'decline', capped);
      expect(Object.keys(refusedBy(await limits().reserve(subject, capped, LONG_MS)))).toEqual(['method_declines']);
      reserved(await limits().reserve({ ...subject, paymentMethodId: 'acct:pm_2' }, capped, LONG_MS));
    });

    it('blocks a method after a hard decline for the block period; the customer counts one decline', async () => {
      const subject = fresh('acct:pm_lost');
      await charge(subject, 'hard_decline');
      const refusal = refusedBy(await limits().reserve(subject, rules(), LONG_MS));
      expect(Object.keys(refusal)).toEqual(['method_blocked']);
      expect(refusal.method_blocked!.retryAfterMs).toBeGreaterThan(LONG_MS - 5_000);
      const other = await limits().read({ ...subject, paymentMethodId: 'acct:pm_other' }, rules());
      expect(other.map((r) => [r.scope, r.count])).toEqual([
        ['customer_declines', 1], ['method_attempts', 0], ['method_declines', 0], ['method_blocked', 0],
      ]);
    });

    it('forgets declines once they leave the window, and a block once it ends', async () => {
      const subject = fresh('acct:pm_1');
      const quick = rules({ customerDeclines: { limit: 1, windowMs: SHORT_MS }, hardDeclineBlockMs: SHORT_MS });
      await charge(subject, 'hard_decline', quick);
      expect(Object.keys(refusedBy(await limits().reserve(subject, quick, LONG_MS))).sort()).toEqual(['customer_declines', 'method_blocked']);
      await sleep(SHORT_MS + 50);
      reserved(await limits().reserve(subject, quick, LONG_MS));
    });

    it(`lets no more than the limit of ${RACERS} concurrent reservations through, across ${PEER_STORES} stores`, async () => {
      const peers = Array.from({ length: PEER_STORES }, () => current().subject.open());
      await Promise.all(peers.map((peer) => peer.ping()));
      const subject = fresh('acct:pm_1');
      const racing = rules({ customerDeclines: { limit: 5, windowMs: LONG_MS }, methodAttempts: { limit: 4, windowMs: LONG_MS } });
      const results = await Promise.all(
        Array.from({ length: RACERS }, (_, n) => peers[n % PEER_STORES]!.limits.reserve(subject, racing, LONG_MS)),
      );
      expect(results.filter((result) => result.state === 'reserved')).toHaveLength(4);
      const byCustomer = await Promise.all(
        Array.from({ length: RACERS }, (_, n) => peers[n % PEER_STORES]!.limits.reserve({ ...subject, paymentMethodId: `acct:pm_${n}` }, racing, LONG_MS)),
      );
      expect(byCustomer.filter((result) => result.state === 'reserved')).toHaveLength(1);
    });

    it('keeps tenants and customers apart', async () => {
      const subject = fresh('acct:pm_1');
      await charge(subject, 'hard_decline', rules({ customerDeclines: { limit: 1, windowMs: LONG_MS } }));
      reserved(await limits().reserve({ ...subject, tenant: `tenant-${randomUUID()}` }, rules(), LONG_MS));
      reserved(await limits().reserve({ ...subject, customerId: 'acct:cus_2' }, rules(), LONG_MS));
    });

    it("resets the customer's declines, and a named method's counts and block, leaving charges in flight", async () => {
      const subject = fresh('acct:pm_lost');
      await charge(subject, 'hard_decline');
      await charge({ ...subject, paymentMethodId: 'acct:pm_2' }, 'decline');
      reserved(await limits().reserve({ ...subject, paymentMethodId: 'acct:pm_3' }, rules(), LONG_MS));
      await limits().reset({ ...subject, paymentMethodId: '' });
      const afterCustomerReset = await limits().read(subject, rules());
      expect(afterCustomerReset.map((r) => [r.scope, r.count, r.inFlight])).toEqual([
        ['customer_declines', 0, 1], ['method_attempts', 1, 0], ['method_declines', 1, 0], ['method_blocked', 1, 0],
      ]);
      await limits().reset(subject);
      expect((await limits().read(subject, rules())).map((r) => r.count)).toEqual([0, 0, 0, 0]);
      expect((await limits().read({ ...subject, paymentMethodId: 'acct:pm_2' }, rules())).map((r) => r.count)).toEqual([0, 1, 1, 0]);
    });

    it('remembers the default method a charge went to and that a method declined, and counts against the method the processor reports', async () => {
      const subject = fresh();
      const hint = () => limits().defaultMethodHint(subject.tenant, subject.customerId);
      expect(await hint()).toEqual({ remembered: '', methodDeclined: false });
      await charge(subject, 'attempt', rules(), 'acct:pm_default');
      expect(await hint()).toEqual({ remembered: 'acct:pm_default', methodDeclined: false });
      await charge(subject, 'hard_decline', rules(), 'acct:pm_default');
      expect(await hint()).toEqual({ remembered: 'acct:pm_default', methodDeclined: true });
      expect(Object.keys(refusedBy(await limits().reserve({ ...subject, paymentMethodId: 'acct:pm_default' }, rules(), LONG_MS)))).toEqual(['method_blocked']);

      // Presumed pm_default, but the processor charged a new default: the presumed hold is released.
      const presumed = reserved(await limits().reserve({ ...subject, paymentMethodId: 'acct:pm_presumed' }, rules(), LONG_MS));
      await limits().settle(presumed, { outcome: 'decline', paymentMethodId: 'acct:pm_new', chargedDefault: true }, rules());
      expect((await limits().read(presumed.subject, rules())).map((r) => [r.count, r.inFlight])).toEqual([[2, 0], [0, 0], [0, 0], [0, 0]]);
      expect((await limits().read({ ...subject, paymentMethodId: 'acct:pm_new' }, rules())).map((r) => r.count)).toEqual([2, 1, 1, 0]);
      expect((await hint()).remembered).toBe('acct:pm_new');
    });

    it('counts a settlement made twice once', async () => {
      const subject = fresh('acct:pm_1');
      const reservation = reserved(await limits().reserve(subject, rules(), LONG_MS));
      const settlement = { outcome: 'decline', paymentMethodId: 'acct:pm_1', chargedDefault: false } as const;
      await limits().settle(reservation, settlement, rules());
      await limits().settle(reservation, settlement, rules());
      expect((await limits().read(subject, rules())).map((r) => r.count)).toEqual([1, 1, 1, 0]);
    });

    it('refuses an empty tenant or customer and rules that are not positive whole numbers', async () => {
      await expect(limits().reserve({ ...fresh(), tenant: '' }, rules(), LONG_MS)).rejects.toMatchObject({ code: 'invalid_argument' });
      await expect(limits().read({ ...fresh(), customerId: '' }, rules())).rejects.toMatchObject({ code: 'invalid_argument' });
      await expect(limits().reserve(fresh(), rules({ customerDeclines: { limit: 0, windowMs: LONG_MS } }), LONG_MS))
        .rejects.toMatchObject({ code: 'invalid_argument', field: 'customerDeclines.limit' });
      await expect(limits().reserve(fresh(), rules({ hardDeclineBlockMs: 1.5 }), LONG_MS)).rejects.toMatchObject({ code: 'invalid_argument' });
      await expect(limits().reserve(fresh(), rules(), 0)).rejects.toMatchObject({ code: 'invalid_argument', field: 'leaseMs' });
    });
  });
}
