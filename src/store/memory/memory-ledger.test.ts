import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NewLedgerPayment } from '../payment-ledger.js';
import { createMemoryLedger } from './memory-ledger.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('memory payment ledger bounds', () => {
  it('keeps only the most recently changed payments up to its capacity', async () => {
    const ledger = createMemoryLedger({ capacity: 2 });
    for (const id of ['A', 'B', 'C']) await ledger.put('acct', payment(id));
    expect([await ledger.get('acct', 'A'), (await ledger.get('acct', 'B'))?.id, (await ledger.get('acct', 'C'))?.id])
      .toEqual([undefined, 'B', 'C']);
    // A change counts as use: B is now newer than C.
    await ledger.applyRefund('acct', 'B', { id: 'R1', amount: 1, status: 'pending', reference: '' });
    await ledger.put('acct', payment('D'));
    expect([(await ledger.get('acct', 'B'))?.id, await ledger.get('acct', 'C')]).toEqual(['B', undefined]);
  });

  it('forgets a payment and a link payment the retention after their last change', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const ledger = createMemoryLedger({ retentionMs: 1_000 });
    await ledger.put('acct', payment('A'));
    await ledger.recordLinkPayment('acct', 'PL1', 'A');
    vi.advanceTimersByTime(900);
    await ledger.advance('acct', 'A', { captured: true });
    vi.advanceTimersByTime(900);
    expect((await ledger.get('acct', 'A'))?.captured).toBe(true);
    expect(await ledger.paymentOfLink('acct', 'PL1')).toBe('');
    vi.advanceTimersByTime(100);
    expect(await ledger.get('acct', 'A')).toBeUndefined();
  });
});

function payment(id: string): NewLedgerPayment {
  return {
    id, amount: { amount: 1, currency: 'USD' }, customerId: '', paymentMethodId: '', status: 'succeeded', captured: false,
    createdAt: 0, description: '', merchantReference: '',
  };
}
