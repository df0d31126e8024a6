import {
  LEDGER_RETENTION_MS, checkLedgerId, checkedAdvance, checkedPayment, checkedRefund, inRefundOrder, refundMovesForward,
  statusMovesForward,
} from '../ledger-rules.js';
import type { LedgerPayment, LedgerRefund, NewLedgerPayment, PaymentAdvance, PaymentLedger } from '../payment-ledger.js';

/** Payments kept by one process: enough for a busy day, bounded so memory is too. */
export const DEFAULT_MEMORY_LEDGER_CAPACITY = 50_000;

export interface MemoryLedgerOptions {
  /** Payments (and, apart, link payments) kept; the least recently changed go first. */
  capacity?: number;
  retentionMs?: number;
}

interface Held {
  payment: NewLedgerPayment;
  refunds: Map<string, LedgerRefund>;
  amountRefunded: number;
  touchedAt: number;
}

interface HeldLink {
  paymentId: string;
  touchedAt: number;
}

/**
 * Payment ledger for a single process. Every method runs without awaiting anything,
 * so each change is atomic with respect to every other call, like the Redis scripts.
 * Records are copied in and out, dropped `retentionMs` after their last change (when
 * next read) and beyond `capacity`, least recently changed first.
 */
export function createMemoryLedger(options: MemoryLedgerOptions = {}): PaymentLedger {
  const capacity = options.capacity ?? DEFAULT_MEMORY_LEDGER_CAPACITY;
  const retentionMs = options.retentionMs ?? LEDGER_RETENTION_MS;
  const payments = new Map<string, Held>();
  const links = new Map<string, HeldLink>();

  const slot = (accountId: string, id: string, field: string): string =>
    JSON.stringify([checkLedgerId('accountId', accountId), checkLedgerId(field, id)]);

  /** The live entry under `key`, or undefined once its retention has passed. */
  const live = <T extends { touchedAt: number }>(map: Map<string, T>, key: string): T | undefined => {
    const entry = map.get(key);
    if (entry && entry.touchedAt + retentionMs <= Date.now()) {
      map.delete(key);
      return undefined;
    }
    return entry;
  };

  /** Moves `key` to the newest end, then drops the oldest beyond capacity. */
  const touch = <T extends { touchedAt: number }>(map: Map<string, T>, key: string, entry: T): void => {
    entry.touchedAt = Date.now();
    map.delete(key);
    map.set(key, entry);
    while (map.size > capacity) map.delete(map.keys().next().value as string);
  };

  const advanceHeld = (held: Held, change: PaymentAdvance): void => {
    const { payment } = held;
    if (change.status !== undefined && statusMovesForward(payment.status, change.status)) {
      payment.status = change.status;
      if (change.decline === undefined) delete payment.decline;
      else payment.decline = structuredClone(change.decline);
    }
    if (change.captured) payment.captured = true;
  };

  return {
    async put(accountId, given): Promise<void> {
      const payment = checkedPayment(given);
      const key = slot(accountId, payment.id, 'payment.id');
      const held = live(payments, key);
      if (held === undefined) {
        touch(payments, key, { payment: structuredClone(payment), refunds: new Map(), amountRefunded: 0, touchedAt: 0 });
        return;
      }
      advanceHeld(held, { status: payment.status, ...(payment.decline ? { decline: payment.decline } : {}) });
      if (payment.captured) held.payment.captured = true;
      touch(payments, key, held);
    },

    async get(accountId, paymentId): Promise<LedgerPayment | undefined> {
      const held = live(payments, slot(accountId, paymentId, 'paymentId'));
      if (held === undefined) return undefined;
      return structuredClone({
        ...held.payment, amountRefunded: held.amountRefunded, refunds: inRefundOrder([...held.refunds.values()]),
      });
    },

    async advance(accountId, paymentId, given): Promise<boolean> {
      const change = checkedAdvance(given);
      const key = slot(accountId, paymentId, 'paymentId');
      const held = live(payments, key);
      if (held === undefined) return false;
      advanceHeld(held, change);
      touch(payments, key, held);
      return true;
    },

    async applyRefund(accountId, paymentId, given): Promise<boolean> {
      const refund = checkedRefund(given);
      const key = slot(accountId, paymentId, 'paymentId');
      const held = live(payments, key);
      if (held === undefined) return false;
      const known = held.refunds.get(refund.id);
      if (known === undefined) {
        held.refunds.set(refund.id, { ...refund });
        if (refund.status !== 'failed') held.amountRefunded += refund.amount;
      } else if (refundMovesForward(known.status, refund.status)) {
        known.status = refund.status;
        if (refund.status === 'failed') held.amountRefunded -= known.amount;
      }
      touch(payments, key, held);
      return true;
    },

    async recordLinkPayment(accountId, linkId, paymentId): Promise<void> {
      const key = slot(accountId, linkId, 'linkId');
      checkLedgerId('paymentId', paymentId);
      if (live(links, key) === undefined) touch(links, key, { paymentId, touchedAt: 0 });
    },

    async paymentOfLink(accountId, linkId): Promise<string> {
      return live(links, slot(accountId, linkId, 'linkId'))?.paymentId ?? '';
    },
  };
}
