import type { DeclineDetail, Money, PaymentStatus } from '../core/types.js';

/**
 * Payments Tender remembers itself, for processors that cannot look a payment up
 * (Adyen Checkout has no GET for a payment: "keep what the responses and notifications
 * told you"). GetPayment and the refund bounds read it, so it must be shared by every
 * Tender instance and survive a restart: it lives in the store.
 *
 * Only card-free facts: ids, amounts, statuses, decline codes, references. No card
 * number, CVC, last four or expiry; the payment method id is the processor's id of a
 * stored method, not card data. Both implementations refuse any other field, and free
 * text (description, decline message) that looks like a card number, with
 * invalid_argument (ledger-rules.ts).
 *
 * Every change only moves a payment forward, so a retried call, a redelivered or
 * out-of-order notification, or a late answer never undoes what is known:
 * - status by rank: outcome_unknown < processing = requires_action < succeeded = declined
 *   < canceled (ledger-rules.ts); an equal or lower rank changes nothing;
 * - captured: once true, stays true;
 * - a refund is counted once per refund id, and its status moves pending < succeeded
 *   < failed (a scheme can fail a refund after reporting it done; failed is final).
 */

export type LedgerRefundStatus = 'pending' | 'succeeded' | 'failed';

export interface LedgerRefund {
  /** The processor's id of the refund (or cancellation). */
  id: string;
  /** Minor units of the payment's currency. */
  amount: number;
  status: LedgerRefundStatus;
  /**
   * The merchant reference the refund was requested under: a retry of the same
   * request carries the same one, so it is not counted against itself.
   */
  reference: string;
}

/** What a processor's answer or notification says a payment is. */
export interface NewLedgerPayment {
  /** The processor's payment id (Adyen: pspReference). */
  id: string;
  amount: Money;
  /** The processor's customer id (Adyen: shopper reference), or ''. */
  customerId: string;
  /** The processor's stored payment method id, or ''. Never card data. */
  paymentMethodId: string;
  status: PaymentStatus;
  decline?: DeclineDetail;
  /** False while an authorisation awaits a delayed capture (a full reversal is then a cancel). */
  captured: boolean;
  /** Epoch milliseconds. */
  createdAt: number;
  description: string;
  /** The reference the payment was made under (Tender's processor key), or ''. */
  merchantReference: string;
}

export interface LedgerPayment extends NewLedgerPayment {
  /** Minor units refunded or being refunded: every refund not failed. */
  amountRefunded: number;
  /** Ordered by id. */
  refunds: LedgerRefund[];
}

/** A forward move of a payment already held; absent fields are left as they are. */
export interface PaymentAdvance {
  /** Applied only when it ranks above the held status; `decline` comes with it. */
  status?: PaymentStatus;
  decline?: DeclineDetail;
  captured?: true;
}

/**
 * Per account (the processor account the payments belong to). Every method rejects
 * with TenderError 'unavailable' when the backing store cannot be reached, and with
 * 'invalid_argument' for an empty account, payment, refund or link id, or a record
 * that breaks the rules above. Records are kept for LEDGER_RETENTION_MS after their
 * last change (ledger-rules.ts).
 */
export interface PaymentLedger {
  /**
   * The idempotent upsert: stores the payment if it is not held; if it is, only moves
   * it forward (status with its decline, captured). Its first facts, its refunds and
   * its amount refunded stay as they are.
   */
  put(accountId: string, payment: NewLedgerPayment): Promise<void>;
  get(accountId: string, paymentId: string): Promise<LedgerPayment | undefined>;
  /** Moves a held payment forward. False, storing nothing, when it is not held. */
  advance(accountId: string, paymentId: string, change: PaymentAdvance): Promise<boolean>;
  /**
   * Records what is known of one refund of a held payment. The first report of a
   * refund id adds it, counting its amount unless it failed; later reports only move
   * its status forward, and a move to failed takes its amount back out. So the same
   * refund reported twice (the answer, then the notification) counts once. False,
   * storing nothing, when the payment is not held.
   */
  applyRefund(accountId: string, paymentId: string, refund: LedgerRefund): Promise<boolean>;
  /** Remembers which payment paid a single-use payment link; the first one recorded stays. */
  recordLinkPayment(accountId: string, linkId: string, paymentId: string): Promise<void>;
  /** The payment that paid the link, or '' when none is known. */
  paymentOfLink(accountId: string, linkId: string): Promise<string>;
}
