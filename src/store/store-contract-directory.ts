import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DirectoryCustomer } from './customer-directory.js';
import type { StoreContractSubject } from './store-contract.js';
import type { Store } from './types.js';

const PARALLEL_PUTS = 20;
/** Puts of one customer racing; below the Redis store's compare-and-set rounds (redis-directory.ts). */
const RACING_PUTS = 10;
const PEER_STORES = 5;
/** A Luhn-valid test card number: what must never get into the directory. */
const TEST_CARD = '4242424242424242';

/**
 * The customer-directory half of the store contract (store-contract.ts). Every test
 * works in fresh random accounts, so tests never see each other's customers.
 */
export function describeDirectoryContract(current: () => { subject: StoreContractSubject; store: Store }): void {
  const directory = () => current().store.customers;
  const freshAccount = (): string => `acct-${randomUUID()}`;
  const openPeers = async (): Promise<Store[]> => {
    const peers = Array.from({ length: PEER_STORES }, () => current().subject.open());
    await Promise.all(peers.map((peer) => peer.ping()));
    return peers;
  };

  describe('customer directory', () => {
    it('returns what was put, as a copy the caller cannot alter', async () => {
      const account = freshAccount();
      const fields = { name: 'Ann Lee', email: 'Ann@Example.com', phone: '+14155550100', metadata: { crm: 'x-1' } };
      const ann = customer('c1', structuredClone(fields));
      await directory().put(account, ann);
      const read = await directory().get(account, 'c1');
      expect(read).toEqual(customer('c1', fields));
      read!.metadata.crm = 'changed';
      ann.metadata.crm = 'changed too';
      expect(await directory().get(account, 'c1')).toEqual(customer('c1', fields));
    });

    it('finds every customer sharing a phone number, oldest first', async () => {
      const account = freshAccount();
      await directory().put(account, customer('c-late', { phone: '+14155550101', createdAt: 3 }));
      await directory().put(account, customer('c-early', { phone: '+14155550101', createdAt: 1 }));
      await directory().put(account, customer('c-other', { phone: '+14155550102', createdAt: 2 }));
      const found = await directory().findByPhone(account, '+14155550101');
      expect(found.map((c) => c.id)).toEqual(['c-early', 'c-late']);
      expect(found[0]).toEqual(customer('c-early', { phone: '+14155550101', createdAt: 1 }));
    });

    it('finds by email in any case and keeps the email as given', async () => {
      const account = freshAccount();
      await directory().put(account, customer('c1', { email: 'Ann.Lee@Example.COM' }));
      await directory().put(account, customer('c2', { email: 'ann.lee@example.com' }));
      for (const query of ['ann.lee@example.com', 'ANN.LEE@EXAMPLE.COM', 'Ann.Lee@Example.COM']) {
        const found = await directory().findByEmail(account, query);
        expect(found.map((c) => [c.id, c.email])).toEqual([
          ['c1', 'Ann.Lee@Example.COM'],
          ['c2', 'ann.lee@example.com'],
        ]);
      }
    });

    it('moves the index when a customer changes phone or email', async () => {
      const account = freshAccount();
      await directory().put(account, customer('c1', { phone: '+14155550111', email: 'old@example.com' }));
      const moved = customer('c1', { phone: '+14155550112', email: 'new@example.com', name: 'Renamed' });
      await directory().put(account, moved);
      expect(await directory().findByPhone(account, '+14155550111')).toEqual([]);
      expect(await directory().findByEmail(account, 'old@example.com')).toEqual([]);
      expect(await directory().findByPhone(account, '+14155550112')).toEqual([moved]);
      expect(await directory().findByEmail(account, 'NEW@example.com')).toEqual([moved]);

      await directory().put(account, customer('c1', { phone: '', email: '' }));
      expect(await directory().findByPhone(account, '+14155550112')).toEqual([]);
      expect(await directory().findByEmail(account, 'new@example.com')).toEqual([]);
    });

    it('keeps accounts apart, even for the same customer id and phone', async () => {
      const accountA = freshAccount();
      const accountB = freshAccount();
      const inA = customer('shared', { name: 'In A', phone: '+14155550121', email: 'a@example.com' });
      const inB = customer('shared', { name: 'In B', phone: '+14155550121', email: 'b@example.com' });
      await directory().put(accountA, inA);
      await directory().put(accountB, inB);
      expect(await directory().get(accountA, 'shared')).toEqual(inA);
      expect(await directory().findByPhone(accountA, '+14155550121')).toEqual([inA]);
      expect(await directory().findByPhone(accountB, '+14155550121')).toEqual([inB]);
      expect(await directory().findByEmail(accountB, 'a@example.com')).toEqual([]);
      expect(await directory().get(freshAccount(), 'shared')).toBeUndefined();
    });

    it('answers undefined or [] for what it does not hold, and finds nothing for empty values', async () => {
      const account = freshAccount();
      expect(await directory().get(account, 'nobody')).toBeUndefined();
      expect(await directory().findByPhone(account, '+14155550131')).toEqual([]);
      expect(await directory().findByEmail(account, 'nobody@example.com')).toEqual([]);
      await directory().put(account, customer('no-contact', { phone: '', email: '' }));
      expect(await directory().get(account, 'no-contact')).toBeDefined();
      expect(await directory().findByPhone(account, '')).toEqual([]);
      expect(await directory().findByEmail(account, '')).toEqual([]);
    });

    it(`indexes all of ${PARALLEL_PUTS} concurrent puts sharing a phone, across ${PEER_STORES} stores`, async () => {
      const account = freshAccount();
      const peers = await openPeers();
      const phone = '+14155550141';
      const ids = Array.from({ length: PARALLEL_PUTS }, (_, n) => `c${String(n).padStart(2, '0')}`);
      await Promise.all(
        ids.map((id, n) =>
          peers[n % PEER_STORES]!.customers.put(account, customer(id, { phone, email: 'family@example.com' })),
        ),
      );
      expect((await directory().findByPhone(account, phone)).map((c) => c.id)).toEqual(ids);
      expect(await directory().findByEmail(account, 'family@example.com')).toHaveLength(PARALLEL_PUTS);
    });

    it(`leaves one customer raced through ${RACING_PUTS} phones under exactly its final phone`, async () => {
      const account = freshAccount();
      const peers = await openPeers();
      const phones = Array.from({ length: RACING_PUTS }, (_, n) => `+1415555${String(n).padStart(4, '0')}`);
      await Promise.all(
        phones.map((phone, n) => peers[n % PEER_STORES]!.customers.put(account, customer('c1', { phone }))),
      );
      const final = (await directory().get(account, 'c1'))!;
      const indexed = await Promise.all(phones.map((phone) => directory().findByPhone(account, phone)));
      const phonesThatFindIt = phones.filter((_, n) => indexed[n]!.length > 0);
      expect(phonesThatFindIt).toEqual([final.phone]);
    });

    it('refuses fields beyond the record, card-like strings, a malformed phone and empty ids', async () => {
      const account = freshAccount();
      const refusals: [string, DirectoryCustomer, string][] = [
        ['c1', { ...customer('c1'), cardNumber: TEST_CARD } as DirectoryCustomer, 'customer'],
        ['c2', { ...customer('c2'), last4: '4242' } as DirectoryCustomer, 'customer'],
        ['c3', customer('c3', { name: `Ann ${TEST_CARD}` }), 'customer.name'],
        ['c4', customer('c4', { metadata: { note: '4242 4242 4242 4242' } }), 'customer.metadata["note"]'],
        ['c5', customer('c5', { phone: '4155550100' }), 'customer.phone'],
        ['', customer(''), 'customer.id'],
      ];
      for (const [id, refused, field] of refusals) {
        const error = await directory().put(account, refused).then(() => undefined, (reason: unknown) => reason);
        expect(error).toMatchObject({ code: 'invalid_argument', field });
        expect((error as Error).message).not.toContain('4242');
        if (id !== '') expect(await directory().get(account, id)).toBeUndefined();
      }
      await expect(directory().put('', customer('c6'))).rejects.toMatchObject({ code: 'invalid_argument' });
      await expect(directory().findByPhone('', '+14155550100')).rejects.toMatchObject({ code: 'invalid_argument' });
    });
  });
}

function customer(id: string, fields: Partial<DirectoryCustomer> = {}): DirectoryCustomer {
  return { id, name: 'Pat Doe', email: '', phone: '', createdAt: 1_700_000_000_000, metadata: {}, ...fields };
}
