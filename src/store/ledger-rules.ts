import { containsCardNumber, maskCardNumbers } from '../core/card-number.js';
import { TenderError, invalidField } from '../core/errors.js';
import type { DeclineDetail, PaymentStatus } from '../core/types.js';
import type { LedgerRefund, LedgerRefundStatus, NewLedgerPayment, PaymentAdvance } from './payment-ledger.js';

/**
 * What both payment ledgers check and how they order states, so that memory and Redis
 * accept and advance payments the same way (store-contract-ledger.ts holds both to it).
 * The Redis scripts read the ranks below, so the order is written down once.
 */

/**
 * How long a payment is kept after its last change: refunds and their notifications
 * can come many months after the payment (card schemes accept refunds for about a
 * year), so a year and a month of slack.
 */
export const LEDGER_RETENTION_MS = 400 * 24 * 3_600_000;

/** Later ranks win; an equal rank changes nothing (succeeded never turns declined). */
export const PAYMENT_STATUS_RANK: Readonly<Record<PaymentStatus, number>> = {
  outcome_unknown: 0,
  processing: 1,
  requires_action: 1,
  succeeded: 2,
  declined: 2,
  canceled: 3,
};

/** A scheme may fail a refund after it was reported succeeded; failed is final. */
export const REFUND_STATUS_RANK: Readonly<Record<LedgerRefundStatus, number>> = { pending: 0, succeeded: 1, failed: 2 };

const PAYMENT_FIELDS: ReadonlySet<string> = new Set([
  'id', 'amount', 'customerId', 'paymentMethodId', 'status', 'decline', 'captured', 'createdAt', 'description',
  'merchantReference',
]);
const DECLINE_FIELDS: ReadonlySet<string> = new Set(['reason', 'processorCode', 'processorMessage', 'retryMaySucceed']);
const REFUND_FIELDS: ReadonlySet<string> = new Set(['id', 'amount', 'status', 'reference']);
const ADVANCE_FIELDS: ReadonlySet<string> = new Set(['status', 'decline', 'captured']);
/** Ids become part of Redis key names: bounded, and never empty (an empty hash tag scatters keys). */
const MAX_ID_LENGTH = 256;

export function checkLedgerId(field: string, id: string): string {
  if (typeof id !== 'string' || id === '' || id.length > MAX_ID_LENGTH) {
    throw invalidField(field, `must be a non-empty string of at most ${MAX_ID_LENGTH} characters`);
  }
  return id;
}

/**
 * A copy holding exactly the payment's fields, or invalid_argument. Checked at run
 * time because TypeScript lets a wider object through a variable: a stray property
 * (a card number, a last four) is refused rather than stored.
 *
 * Free text (the description, the processor's decline message) is refused when it
 * looks like a card number. Identifiers are not scanned: they are issued by the
 * processor or derived by Tender (merchant references are idempotency keys, often
 * UUIDs or hex digests), and a run of their digits can pass the Luhn check by chance,
 * which would refuse a real payment's record.
 */
export function checkedPayment(payment: NewLedgerPayment): NewLedgerPayment {
  refuseStrayFields('payment', payment, PAYMENT_FIELDS);
  const { id, amount, customerId, paymentMethodId, status, decline, captured, createdAt, description, merchantReference } = payment;
  checkLedgerId('payment.id', id);
  if (!Number.isSafeInteger(amount?.amount) || amount.amount < 0 || !/^[A-Z]{3}$/.test(amount.currency)) {
    throw invalidField('payment.amount', 'must be minor units and an ISO 4217 code');
  }
  checkStrings('payment', { customerId, paymentMethodId, merchantReference });
  checkText('payment.description', description);
  checkPaymentStatus('payment.status', status);
  if (typeof captured !== 'boolean') throw invalidField('payment.captured', 'must be a boolean');
  if (!Number.isSafeInteger(createdAt)) throw invalidField('payment.createdAt', 'must be epoch milliseconds');
  return {
    id, amount: { amount: amount.amount, currency: amount.currency }, customerId, paymentMethodId, status,
    ...(decline === undefined ? {} : { decline: checkedDecline('payment.decline', decline) }),
    captured, createdAt, description, merchantReference,
  };
}

export function checkedRefund(refund: LedgerRefund): LedgerRefund {
  refuseStrayFields('refund', refund, REFUND_FIELDS);
  const { id, amount, status, reference } = refund;
  checkLedgerId('refund.id', id);
  if (!Number.isSafeInteger(amount) || amount <= 0) throw invalidField('refund.amount', 'must be positive minor units');
  if (!Object.hasOwn(REFUND_STATUS_RANK, status)) throw invalidField('refund.status', 'not a refund status');
  checkStrings('refund', { reference });
  return { id, amount, status, reference };
}

export function checkedAdvance(change: PaymentAdvance): PaymentAdvance {
  refuseStrayFields('change', change, ADVANCE_FIELDS);
  const { status, decline, captured } = change;
  if (status !== undefined) checkPaymentStatus('change.status', status);
  if (captured !== undefined && captured !== true) throw invalidField('change.captured', 'can only become true');
  return {
    ...(status === undefined ? {} : { status }),
    ...(decline === undefined ? {} : { decline: checkedDecline('change.decline', decline) }),
    ...(captured === undefined ? {} : { captured }),
  };
}

/** True when `next` moves a payment on from `held` (ranks above it). */
export function statusMovesForward(held: PaymentStatus, next: PaymentStatus): boolean {
  return PAYMENT_STATUS_RANK[next] > PAYMENT_STATUS_RANK[held];
}

export function refundMovesForward(held: LedgerRefundStatus, next: LedgerRefundStatus): boolean {
  return REFUND_STATUS_RANK[next] > REFUND_STATUS_RANK[held];
}

/** Refunds in the order both stores return them. */
export function inRefundOrder(refunds: LedgerRefund[]): LedgerRefund[] {
  return refunds.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function checkPaymentStatus(field: string, status: PaymentStatus): void {
  if (!Object.hasOwn(PAYMENT_STATUS_RANK, status)) throw invalidField(field, 'not a payment status');
}

function checkedDecline(field: string, decline: DeclineDetail): DeclineDetail {
  refuseStrayFields(field, decline, DECLINE_FIELDS);
  const { reason, processorCode, processorMessage, retryMaySucceed } = decline;
  checkStrings(field, { reason, processorCode });
  if (processorMessage !== undefined) checkText(`${field}.processorMessage`, processorMessage);
  if (retryMaySucceed !== undefined && typeof retryMaySucceed !== 'boolean') {
    throw invalidField(`${field}.retryMaySucceed`, 'must be a boolean');
  }
  return {
    reason, processorCode,
    ...(processorMessage === undefined ? {} : { processorMessage }),
    ...(retryMaySucceed === undefined ? {} : { retryMaySucceed }),
  };
}

function refuseStrayFields(field: string, value: object, allowed: ReadonlySet<string>): void {
  if (typeof value !== 'object' || value === null) throw invalidField(field, 'must be an object');
  const stray = Object.keys(value).filter((key) => !allowed.has(key));
  if (stray.length > 0) {
    const named = maskCardNumbers(stray.map((key) => JSON.stringify(key)).join(', '));
    throw invalidField(field, `unexpected field ${named}; only ${[...allowed].join(', ')} are allowed`);
  }
}

function checkStrings(prefix: string, values: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(values)) {
    if (typeof value !== 'string') throw invalidField(`${prefix}.${name}`, 'must be a string');
  }
}

/** Names the field, never the value: card data must never reach the store or a message. */
function checkText(field: string, value: unknown): void {
  if (typeof value !== 'string') throw invalidField(field, 'must be a string');
  if (containsCardNumber(value)) {
    throw new TenderError('invalid_argument', `${field}: looks like a card number; the ledger never holds card data`, { field });
  }
}
