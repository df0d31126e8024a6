import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { ClaimOptions, NewHostedLink } from './payment-link-store.js';
import type { StoreContractSubject } from './store-contract.js';
import type { Store } from './types.js';

const RACING_CLAIMS = 20;
const PEER_STORES = 5;
const LEASE_MS = 30_000;
const options = (nonce?: string, overrides: Partial<ClaimOptions> = {}): ClaimOptions => ({
  ...(nonce === undefined ? {} : { nonce }), leaseMs: LEASE_MS, maxFailures: 3, ...overrides,
});

/**
 * The payment-link half of the store contract (store-contract.ts). Every test uses a
 * fresh random link id, so tests never see each other's links.
 */
export function describeLinkContract(current: () => { subject: StoreContractSubject; store: Store }): void {
  const links = () => current().store.links;
  const newLink = (overrides: Partial<NewHostedLink> = {}): NewHostedLink => ({
    id: randomBytes(16).toString('base64url'),
    tenant: 'acme', accountId: 'acme-braintree', amount: { amount: 4200, currency: 'USD' },
    customerId: 'cust_1', description: 'Invoice 7', savePaymentMethod: true,
    createdAt: Date.now(), expiresAt: Date.now() + 3_600_000, ...overrides,
  });
  const created = async (overrides: Partial<NewHostedLink> = {}): Promise<NewHostedLink> => {
    const link = newLink(overrides);
    await links().create(link);
    return link;
  };
  const claimed = async (id: string, nonce = 'fake-valid-nonce') => {
    const claim = await links().claim(id, options(nonce));
    if (claim.state !== 'claimed') throw new Error(`expected a claim, got ${claim.state}`);
    return claim;
  };

  describe('payment links', () => {
    it('creates an open link and returns it as stored, as a copy', async () => {
      const link = await created();
      const read = await links().get(link.id);
      expect(read).toEqual({ ...link, state: 'open', attempts: 0, failures: 0, paymentId: '' });
      read!.amount.amount = 1;
      expect((await links().get(link.id))?.amount.amount).toBe(4200);
      expect(await links().get(newLink().id)).toBeUndefined();
      expect(await links().claim(newLink().id, options('n'))).toEqual({ state: 'not_found' });
    });

    it('refuses a taken id, a malformed id and a card number in the description', async () => {
      const link = await created();
      await expect(links().create(link)).rejects.toMatchObject({ code: 'already_exists' });
      await expect(links().create(newLink({ id: 'short' }))).rejects.toMatchObject({ code: 'invalid_argument' });
      await expect(links().get('has{braces}and:colons')).rejects.toMatchObject({ code: 'invalid_argument' });
      const carded = newLink({ description: 'card 4242 4242 4242 4242' });
      const refusal = await links().create(carded).then(() => undefined, (error: Error) => error);
      expect(refusal).toMatchObject({ code: 'invalid_argument' });
      expect(refusal?.message).not.toContain('4242');
      expect(await links().get(carded.id)).toBeUndefined();
    });

    it('claims an open link once: the claimant gets the nonce and attempt 1, others find it busy', async () => {
      const link = await created();
      const claim = await claimed(link.id, 'nonce-a');
      expect(claim).toMatchObject({ attempt: 1, nonce: 'nonce-a', resumed: false, link: { state: 'paying', attempts: 1 } });
      expect(await links().claim(link.id, options('nonce-b'))).toMatchObject({ state: 'busy' });
      expect(await links().get(link.id)).not.toHaveProperty('nonce');
    });

    it('completes a claimed link, after which every claim finds it completed', async () => {
      const link = await created();
      const claim = await claimed(link.id);
      expect(await links().finish(link.id, claim.token, { kind: 'completed', paymentId: 'txn_1' })).toBe(true);
      expect(await links().get(link.id)).toMatchObject({ state: 'completed', paymentId: 'txn_1', attempts: 1 });
      expect(await links().claim(link.id, options('again'))).toMatchObject({ state: 'completed', link: { paymentId: 'txn_1' } });
      expect(await links().finish(link.id, claim.token, { kind: 'failed' })).toBe(false);
      await expect(links().finish(link.id, claim.token, { kind: 'completed', paymentId: '' })).rejects.toMatchObject({
        code: 'invalid_argument',
      });
    });

    it('reopens after a failure for a new attempt, and is exhausted at the failure cap', async () => {
      const link = await created();
      for (let attempt = 1; attempt <= 2; attempt++) {
        const claim = await claimed(link.id, `nonce-${attempt}`);
        expect(claim.attempt).toBe(attempt);
        expect(await links().finish(link.id, claim.token, { kind: 'failed' })).toBe(true);
      }
      expect(await links().get(link.id)).toMatchObject({ state: 'open', attempts: 2, failures: 2 });
      const capped = await links().claim(link.id, options('nonce-3', { maxFailures: 2 }));
      expect(capped).toMatchObject({ state: 'exhausted', link: { failures: 2 } });
      expect((await claimed(link.id, 'nonce-3')).attempt).toBe(3);
    });

    it('reopens without counting a failure when the charge was never sent', async () => {
      const link = await created();
      const claim = await claimed(link.id);
      expect(await links().finish(link.id, claim.token, { kind: 'not_sent' })).toBe(true);
      expect(await links().get(link.id)).toMatchObject({ state: 'open', attempts: 1, failures: 0 });
      expect((await claimed(link.id, 'next')).attempt).toBe(2);
    });

    it('keeps an unknown outcome paying and resumes it with the stored nonce and attempt', async () => {
      const link = await created();
      const first = await claimed(link.id, 'nonce-first');
      expect(await links().finish(link.id, first.token, { kind: 'unknown' })).toBe(true);
      expect(await links().get(link.id)).toMatchObject({ state: 'paying', attempts: 1 });
      const resumed = await claimed(link.id, 'nonce-second');
      expect(resumed).toMatchObject({ attempt: 1, nonce: 'nonce-first', resumed: true });
      expect(resumed.token).not.toBe(first.token);
      expect(await links().finish(link.id, first.token, { kind: 'completed', paymentId: 'late' })).toBe(false);
      expect(await links().claim(link.id, options('nonce-third'))).toMatchObject({ state: 'busy' });
      expect(await links().finish(link.id, resumed.token, { kind: 'completed', paymentId: 'txn_9' })).toBe(true);
      expect(await links().get(link.id)).toMatchObject({ state: 'completed', paymentId: 'txn_9', attempts: 1 });
    });

    it('lets a claim whose lease ran out be resumed, and its holder finish while nobody has', async () => {
      const link = await created();
      const short = await links().claim(link.id, options('nonce-a', { leaseMs: 40 }));
      if (short.state !== 'claimed') throw new Error(short.state);
      await delay(80);
      const resumed = await claimed(link.id, 'nonce-b');
      expect(resumed).toMatchObject({ attempt: 1, nonce: 'nonce-a', resumed: true });
      expect(await links().finish(link.id, short.token, { kind: 'failed' })).toBe(false);

      const other = await created();
      const slow = await links().claim(other.id, options('nonce-c', { leaseMs: 40 }));
      if (slow.state !== 'claimed') throw new Error(slow.state);
      await delay(80);
      expect(await links().finish(other.id, slow.token, { kind: 'completed', paymentId: 'txn_2' })).toBe(true);
    });

    it('resumes but never starts a charge when no nonce is offered', async () => {
      const link = await created();
      expect(await links().claim(link.id, options())).toMatchObject({ state: 'open', link: { attempts: 0 } });
      const first = await claimed(link.id, 'nonce-a');
      await links().finish(link.id, first.token, { kind: 'unknown' });
      expect(await links().claim(link.id, options())).toMatchObject({ state: 'claimed', nonce: 'nonce-a', resumed: true });
    });

    it('refuses to start a charge on an expired link, but still resumes an unsettled one', async () => {
      const expired = await created({ createdAt: Date.now() - 10_000, expiresAt: Date.now() - 1 });
      expect(await links().claim(expired.id, options('n'))).toMatchObject({ state: 'expired', link: { state: 'open' } });

      const link = await created({ expiresAt: Date.now() + 150 });
      const first = await claimed(link.id, 'nonce-a');
      await links().finish(link.id, first.token, { kind: 'unknown' });
      await delay(200);
      expect(await links().claim(link.id, options('nonce-b'))).toMatchObject({ state: 'claimed', nonce: 'nonce-a', resumed: true });
    });

    it(`gives exactly one of ${RACING_CLAIMS} concurrent claims across instances`, async () => {
      const link = await created();
      const peers = Array.from({ length: PEER_STORES }, () => current().subject.open());
      const claims = await Promise.all(
        Array.from({ length: RACING_CLAIMS }, (_, n) => peers[n % PEER_STORES]!.links.claim(link.id, options(`nonce-${n}`))),
      );
      const winners = claims.filter((claim) => claim.state === 'claimed');
      expect(winners).toHaveLength(1);
      expect(claims.filter((claim) => claim.state === 'busy')).toHaveLength(RACING_CLAIMS - 1);
      expect(await links().get(link.id)).toMatchObject({ state: 'paying', attempts: 1 });
    });
  });
}
