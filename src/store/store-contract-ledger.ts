import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LedgerRefund, NewLedgerPayment } from './payment-ledger.js';
import type { StoreContractSubject } from './store-contract.js';
import type { Store } from './types.js';

const RACING_REFUNDS = 20;
const PEER_STORES = 5;
/** A Luhn-valid test card number: what must never get into the ledger. */
const TEST_CARD = '4242424242424242';

/**
 * The payment-ledger part of the store contract (store-contract.ts). Every test works
 * in fresh random accounts, so tests never see each other's payments.
 */
export function describeLedgerContract(current: () => { subject: StoreContractSubject; store: Store }): void {
  const ledger = () => current().store.payments;
  const freshAccount = (): string => `acct-${randomUUID()}`;
  const openPeers = async (): Promise<Store[]> => {
    const peers = Array.from({ length: PEER_STORES }, () => current().subject.open());
    await Promise.all(peers.map((peer) => peer.ping()));
    return peers;
  };
  const held = async (account: string, fields: Partial<NewLedgerPayment> = {}): Promise<NewLedgerPayment> => {
    const made = payment(fields);
    await ledger().put(account, made);
    return made;
  };

  describe('payment ledger', () => {
    it('returns what was put, as a copy the caller cannot alter, and undefined for what it does not hold', async () => {
      const account = freshAccount();
      const put = payment({ decline: { reason: 'insufficient_funds', processorCode: '12:NOT_ENOUGH_BALANCE', processorMessage: 'Not enough balance' }, status: 'declined' });
      await ledger().put(account, structuredClone(put));
      const read = await ledger().get(account, put.id);
      expect(read).toEqual({ ...put, amountRefunded: 0, refunds: [] });
      read!.amount.amount = 1;
      expect((await ledger().get(account, put.id))?.amount.amount).toBe(5000);
      expect(await ledger().get(account, 'PSPUNKNOWN000001')).toBeUndefined();
      expect(await ledger().paymentOfLink(account, 'PL-unknown')).toBe('');
    });

    it('moves a status only forward, with its decline, and captured only to true', async () => {
      const account = freshAccount();
      const first = await held(account, { status: 'processing', captured: false });
      await ledger().put(account, { ...first, status: 'outcome_unknown', description: 'a later report', captured: false });
      expect(await ledger().get(account, first.id)).toMatchObject({ status: 'processing', description: first.description });

      const decline = { reason: 'generic', processorCode: '2:DECLINED' } as const;
      expect(await ledger().advance(account, first.id, { status: 'declined', decline })).toBe(true);
      expect(await ledger().advance(account, first.id, { status: 'succeeded' })).toBe(true);
      expect(await ledger().get(account, first.id)).toMatchObject({ status: 'declined', decline });

      const second = await held(account, { status: 'requires_action', decline: { reason: 'authentication_required', processorCode: 'RedirectShopper' }, captured: false });
      await ledger().put(account, { ...second, status: 'succeeded', decline: undefined });
      await ledger().advance(account, second.id, { captured: true });
      await ledger().put(account, { ...second, captured: false });
      expect(await ledger().get(account, second.id)).toEqual({ ...second, status: 'succeeded', decline: undefined, captured: true, amountRefunded: 0, refunds: [] });
      await ledger().advance(account, second.id, { status: 'canceled' });
      await ledger().advance(account, second.id, { status: 'succeeded' });
      expect((await ledger().get(account, second.id))?.status).toBe('canceled');
    });

    it('changes nothing it does not hold', async () => {
      const account = freshAccount();
      expect(await ledger().advance(account, 'PSPUNKNOWN000002', { status: 'succeeded', captured: true })).toBe(false);
      expect(await ledger().applyRefund(account, 'PSPUNKNOWN000002', refund('R1', 100))).toBe(false);
      expect(await ledger().get(account, 'PSPUNKNOWN000002')).toBeUndefined();
    });

    it('counts a refund reported twice once; a failed refund gives its amount back and stays failed', async () => {
      const account = freshAccount();
      const paid = await held(account);
      expect(await ledger().applyRefund(account, paid.id, refund('RB', 1000))).toBe(true);
      await ledger().applyRefund(account, paid.id, refund('RB', 1000));
      await ledger().applyRefund(account, paid.id, refund('RB', 999_999, 'succeeded'));
      await ledger().applyRefund(account, paid.id, refund('RA', 700, 'succeeded'));
      expect(await ledger().get(account, paid.id)).toMatchObject({
        amountRefunded: 1700, refunds: [refund('RA', 700, 'succeeded'), refund('RB', 1000, 'succeeded')],
      });
      await ledger().applyRefund(account, paid.id, refund('RB', 1000, 'failed'));
      await ledger().applyRefund(account, paid.id, refund('RB', 1000, 'failed'));
      await ledger().applyRefund(account, paid.id, refund('RB', 1000, 'succeeded'));
      await ledger().applyRefund(account, paid.id, refund('RC', 300, 'failed'));
      expect(await ledger().get(account, paid.id)).toMatchObject({
        amountRefunded: 700,
        refunds: [refund('RA', 700, 'succeeded'), refund('RB', 1000, 'failed'), refund('RC', 300, 'failed')],
      });
    });

    it(`adds up ${RACING_REFUNDS} concurrent refunds under different ids, and one id raced as often once, across ${PEER_STORES} stores`, async () => {
      const account = freshAccount();
      const paid = await held(account, { amount: { amount: 1_000_000, currency: 'USD' } });
      const peers = await openPeers();
      const ids = Array.from({ length: RACING_REFUNDS }, (_, n) => `R${String(n).padStart(2, '0')}`);
      await Promise.all([
        ...ids.map((id, n) => peers[n % PEER_STORES]!.payments.applyRefund(account, paid.id, refund(id, 100 + n))),
        ...ids.map((_, n) => peers[n % PEER_STORES]!.payments.applyRefund(account, paid.id, refund('R-same', 5000))),
      ]);
      const read = (await ledger().get(account, paid.id))!;
      const expected = ids.reduce((sum, _, n) => sum + 100 + n, 0) + 5000;
      expect(read.amountRefunded).toBe(expected);
      expect(read.refunds.map((r) => r.id)).toEqual(['R-same', ...ids]);
    });

    it('keeps accounts apart, even for the same payment and link id', async () => {
      const accountA = freshAccount();
      const accountB = freshAccount();
      const inA = await held(accountA, { description: 'In A' });
      await ledger().applyRefund(accountA, inA.id, refund('R1', 100));
      expect(await ledger().get(accountB, inA.id)).toBeUndefined();
      const inB = await held(accountB, { description: 'In B' });
      expect(await ledger().get(accountB, inB.id)).toMatchObject({ description: 'In B', amountRefunded: 0 });
      expect(await ledger().get(accountA, inA.id)).toMatchObject({ description: 'In A', amountRefunded: 100 });

      await ledger().recordLinkPayment(accountA, 'PL1', 'PSPLINKPAYMENT01');
      await ledger().recordLinkPayment(accountA, 'PL1', 'PSPLINKPAYMENT02');
      expect(await ledger().paymentOfLink(accountA, 'PL1')).toBe('PSPLINKPAYMENT01');
      expect(await ledger().paymentOfLink(accountB, 'PL1')).toBe('');
    });

    it('refuses card numbers in free text, fields beyond the record and empty ids', async () => {
      const account = freshAccount();
      const refusals: [NewLedgerPayment, string][] = [
        [{ ...payment({ id: 'P1' }), cardNumber: TEST_CARD } as NewLedgerPayment, 'payment'],
        [{ ...payment({ id: 'P2' }), last4: '4242' } as NewLedgerPayment, 'payment'],
        [payment({ id: 'P3', description: `card ${TEST_CARD}` }), 'payment.description'],
        [payment({ id: 'P4', status: 'declined', decline: { reason: 'generic', processorCode: '2', processorMessage: `card ${TEST_CARD} refused` } }), 'payment.decline.processorMessage'],
        [payment({ id: 'P5', status: 'refunded' as NewLedgerPayment['status'] }), 'payment.status'],
        [payment({ id: '' }), 'payment.id'],
      ];
      for (const [refused, field] of refusals) {
        const error = await ledger().put(account, refused).then(() => undefined, (reason: unknown) => reason);
        expect(error).toMatchObject({ code: 'invalid_argument', field });
        expect((error as Error).message).not.toContain('4242');
        if (refused.id !== '') expect(await ledger().get(account, refused.id)).toBeUndefined();
      }
      // Identifiers are not scanned: a merchant reference made of a UUID can pass Luhn by chance.
      const uuidReference = await held(account, { merchantReference: 'contract-136fdc32-d636-4085-9608-132d0fe36e0c' });
      expect((await ledger().get(account, uuidReference.id))?.merchantReference).toBe(uuidReference.merchantReference);
      const paid = await held(account);
      await expect(ledger().applyRefund(account, paid.id, { ...refund('R1', 100), last4: '4242' } as LedgerRefund)).rejects.toMatchObject({ code: 'invalid_argument' });
      await expect(ledger().applyRefund(account, paid.id, refund('R2', 0))).rejects.toMatchObject({ code: 'invalid_argument' });
      await expect(ledger().get('', paid.id)).rejects.toMatchObject({ code: 'invalid_argument' });
      await expect(ledger().recordLinkPayment(account, '', paid.id)).rejects.toMatchObject({ code: 'invalid_argument' });
      expect((await ledger().get(account, paid.id))?.refunds).toEqual([]);
    });
  });
}

function payment(fields: Partial<NewLedgerPayment> = {}): NewLedgerPayment {
  const made: NewLedgerPayment = {
    id: `PSP${randomUUID().replace(/-/g, '').slice(0, 13).toUpperCase()}`,
    amount: { amount: 5000, currency: 'USD' }, customerId: 'shopper_1', paymentMethodId: 'stored_1', status: 'succeeded',
    captured: true, createdAt: 1_700_000_000_000, description: 'Plumbing repair', merchantReference: 'tender-key-1', ...fields,
  };
  if (made.decline === undefined) delete made.decline;
  return made;
}

function refund(id: string, amount: number, status: LedgerRefund['status'] = 'pending'): LedgerRefund {
  return { id, amount, status, reference: `ref-${id}` };
}
