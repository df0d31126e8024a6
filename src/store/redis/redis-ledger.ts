import { TenderError } from '../../core/errors.js';
import {
  LEDGER_RETENTION_MS, checkLedgerId, checkedAdvance, checkedPayment, checkedRefund, inRefundOrder,
} from '../ledger-rules.js';
import type { LedgerPayment, LedgerRefund, NewLedgerPayment, PaymentLedger } from '../payment-ledger.js';
import { defineLedgerScripts } from './ledger-scripts.js';
import { ledgerLinkKey, ledgerPaymentKey } from './redis-keys.js';
import type { RedisConnection } from './redis-connection.js';

/** What the facts field holds: the payment less what changes (ledger-scripts.ts). */
type Facts = Omit<NewLedgerPayment, 'status' | 'decline' | 'captured'>;

const REFUND_FIELD = /^refund(Amount|Status|Reference):(.+)$/s;

/**
 * Payment ledger on Redis shared by every Tender instance: one hash per payment, every
 * change one Lua script (ledger-scripts.ts), a link's payment one string set once
 * (SET NX). Keys expire `retentionMs` after their last change (ledger-rules.ts).
 */
export function createRedisLedger(
  connection: RedisConnection,
  prefix: string,
  retentionMs = LEDGER_RETENTION_MS,
): PaymentLedger {
  const scripts = defineLedgerScripts(connection.redis);
  const retention = String(retentionMs);
  const paymentKey = (accountId: string, paymentId: string, field = 'paymentId'): string =>
    ledgerPaymentKey(prefix, checkLedgerId('accountId', accountId), checkLedgerId(field, paymentId));
  const linkKey = (accountId: string, linkId: string): string =>
    ledgerLinkKey(prefix, checkLedgerId('accountId', accountId), checkLedgerId('linkId', linkId));

  return {
    async put(accountId, given): Promise<void> {
      const payment = checkedPayment(given);
      const key = paymentKey(accountId, payment.id, 'payment.id');
      const { status, decline, captured, ...facts } = payment;
      await connection.run(() =>
        scripts.put(key, JSON.stringify(facts), status, decline ? JSON.stringify(decline) : '', captured ? '1' : '0', retention),
      );
    },

    async get(accountId, paymentId): Promise<LedgerPayment | undefined> {
      const key = paymentKey(accountId, paymentId);
      const fields = await connection.run((redis) => redis.hgetall(key));
      return fields.facts === undefined ? undefined : decodePayment(fields);
    },

    async advance(accountId, paymentId, given): Promise<boolean> {
      const { status, decline, captured } = checkedAdvance(given);
      const key = paymentKey(accountId, paymentId);
      const reply = await connection.run(() =>
        scripts.advance(key, status ?? '', decline ? JSON.stringify(decline) : '', captured ? '1' : '', retention),
      );
      return reply === 1;
    },

    async applyRefund(accountId, paymentId, given): Promise<boolean> {
      const refund = checkedRefund(given);
      const key = paymentKey(accountId, paymentId);
      const reply = await connection.run(() =>
        scripts.refund(key, refund.id, String(refund.amount), refund.status, refund.reference, retention),
      );
      return reply === 1;
    },

    async recordLinkPayment(accountId, linkId, paymentId): Promise<void> {
      const key = linkKey(accountId, linkId);
      checkLedgerId('paymentId', paymentId);
      await connection.run((redis) => redis.set(key, paymentId, 'PX', retentionMs, 'NX'));
    },

    async paymentOfLink(accountId, linkId): Promise<string> {
      const key = linkKey(accountId, linkId);
      return (await connection.run((redis) => redis.get(key))) ?? '';
    },
  };
}

/**
 * Held to the same rules as put(), so a hash written by another version or by hand,
 * or one holding a stray field, fails loudly (internal) instead of being served.
 */
function decodePayment(fields: Record<string, string>): LedgerPayment {
  try {
    const facts = JSON.parse(fields.facts ?? '') as Facts;
    const payment = checkedPayment({
      ...facts,
      status: fields.status as NewLedgerPayment['status'],
      ...(fields.decline ? { decline: JSON.parse(fields.decline) as NewLedgerPayment['decline'] } : {}),
      captured: fields.captured === '1',
    });
    const amountRefunded = Number(fields.refunded);
    if (!Number.isSafeInteger(amountRefunded)) throw new Error('refunded');
    return { ...payment, amountRefunded, refunds: decodeRefunds(fields) };
  } catch {
    throw new TenderError('internal', 'store holds a malformed ledger payment');
  }
}

function decodeRefunds(fields: Record<string, string>): LedgerRefund[] {
  const byId = new Map<string, Partial<Record<'Amount' | 'Status' | 'Reference', string>>>();
  for (const [name, value] of Object.entries(fields)) {
    const match = REFUND_FIELD.exec(name);
    if (!match) continue;
    const [, part, id] = match as unknown as [string, 'Amount' | 'Status' | 'Reference', string];
    byId.set(id, { ...byId.get(id), [part]: value });
  }
  return inRefundOrder([...byId].map(([id, parts]) => checkedRefund({
    id, amount: Number(parts.Amount), status: parts.Status as LedgerRefund['status'], reference: parts.Reference as string,
  })));
}
