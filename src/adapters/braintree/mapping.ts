import { fromDecimalString } from '../../core/money.js';
import { tryNormalizePhone } from '../../core/phone.js';
import type {
  Customer,
  Money,
  Payment,
  PaymentMethod,
  PaymentStatus,
  Refund,
  RefundReason,
  RefundStatus,
  WalletKind,
} from '../../core/types.js';
import { declineOf } from './declines.js';
import type { WireCard, WireCustomer, WireTransaction } from './wire.js';

/**
 * Pure translation between Braintree wire objects (as the SDK parses them) and Tender's
 * neutral types. Braintree sends amounts as decimal strings in the merchant account's
 * currency and times as ISO 8601 strings; it keeps a customer's name in two parts and
 * metadata only in store-and-pass-back custom fields.
 */

export function dateOf(text: string | null | undefined): Date | undefined {
  if (!text) return undefined;
  const date = new Date(text.length === 10 ? `${text}T00:00:00Z` : text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** "39.00" USD -> 3900; a credit balance "-5.00" -> -500. */
export function moneyOf(decimal: string | null | undefined, currency: string): Money {
  const text = (decimal ?? '0').trim();
  const negative = text.startsWith('-');
  const money = fromDecimalString(negative ? text.slice(1) : text, currency);
  return negative ? { ...money, amount: -money.amount } : money;
}

/** Braintree has first and last name; Tender one name: the first word is the first name. */
export function splitName(name: string): { firstName: string; lastName: string } {
  const trimmed = name.trim();
  const space = trimmed.indexOf(' ');
  if (space < 0) return { firstName: trimmed, lastName: '' };
  return { firstName: trimmed.slice(0, space), lastName: trimmed.slice(space + 1).trim() };
}

/** The SDK camelCases every XML name, custom fields included (util.js toCamelCase). */
export function sdkFieldName(name: string): string {
  return name.replace(/([-_][a-z0-9])/g, (match) => match.slice(1).toUpperCase());
}

/** Metadata travels as JSON in one custom field; anything else there is not Tender's. */
export function metadataOf(wire: WireCustomer, metadataField: string): Record<string, string> {
  const fields = wire.customFields;
  if (!metadataField || !fields || typeof fields !== 'object') return {};
  const raw = fields[sdkFieldName(metadataField)];
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}

export function mapCustomer(wire: WireCustomer, phoneRegion: string, metadataField: string): Customer {
  const customer: Customer = {
    id: wire.id,
    name: [wire.firstName, wire.lastName].filter((part) => part).join(' '),
    email: wire.email ?? '',
    phone: wire.phone ? tryNormalizePhone(wire.phone, phoneRegion) : '',
    metadata: metadataOf(wire, metadataField),
  };
  const createdAt = dateOf(wire.createdAt);
  if (createdAt) customer.createdAt = createdAt;
  return customer;
}

const BRANDS: Readonly<Record<string, string>> = {
  Visa: 'visa',
  MasterCard: 'mastercard',
  'American Express': 'amex',
  Discover: 'discover',
  JCB: 'jcb',
  'Diners Club': 'diners',
  'China UnionPay': 'unionpay',
  UnionPay: 'unionpay',
  Maestro: 'maestro',
  'UK Maestro': 'maestro',
};

/** Braintree's card type ("American Express") in the brand words Stripe uses ("amex"). */
export function brandOf(cardType: string | null | undefined): string {
  if (!cardType) return '';
  return BRANDS[cardType] ?? cardType.toLowerCase().replace(/\s+/g, '_');
}

function mapCard(card: WireCard, customerId: string, wallet: WalletKind): PaymentMethod {
  return {
    id: card.token ?? '',
    customerId,
    brand: brandOf(card.cardType),
    last4: card.last4 ?? '',
    expMonth: Number(card.expirationMonth ?? 0) || 0,
    expYear: Number(card.expirationYear ?? 0) || 0,
    isDefault: card.default === true,
    wallet,
  };
}

/** Vaulted cards, and the wallet cards (Apple Pay, Google Pay) that carry a card's details. */
export function mapPaymentMethods(wire: WireCustomer): PaymentMethod[] {
  return [
    ...(wire.creditCards ?? []).map((card) => mapCard(card, wire.id, 'none')),
    ...(wire.applePayCards ?? []).map((card) => mapCard(card, wire.id, 'apple_pay')),
    ...(wire.androidPayCards ?? []).map((card) => mapCard(card, wire.id, 'google_pay')),
  ];
}

export function defaultTokenOf(wire: WireCustomer): string {
  return mapPaymentMethods(wire).find((method) => method.isDefault)?.id ?? '';
}

const PAYMENT_STATUSES: Readonly<Record<string, PaymentStatus>> = {
  authorizing: 'processing',
  authorized: 'processing',
  submitted_for_settlement: 'succeeded',
  settling: 'succeeded',
  settlement_pending: 'succeeded',
  settled: 'succeeded',
  settlement_confirmed: 'succeeded',
  processor_declined: 'declined',
  gateway_rejected: 'declined',
  failed: 'declined',
  settlement_declined: 'declined',
  voided: 'canceled',
  authorization_expired: 'canceled',
};

/**
 * The one place a transaction status becomes a PaymentStatus. A sale submitted for
 * settlement has succeeded from the payer's side (Braintree settles it in a batch); an
 * authorization not yet submitted is processing. A decline that asks for cardholder
 * authentication reads as requires_action, as on Stripe. A status this version does not
 * know is outcome_unknown, never a decline.
 */
export function paymentStatusOf(tx: WireTransaction): PaymentStatus {
  const status = PAYMENT_STATUSES[tx.status] ?? 'outcome_unknown';
  if (status === 'declined' && declineOf(tx)?.reason === 'authentication_required') return 'requires_action';
  return status;
}

/** `amountRefunded` comes from the refunds (or the void) the caller looked up. */
export function mapTransaction(tx: WireTransaction, amountRefunded?: Money): Payment {
  const status = paymentStatusOf(tx);
  const payment: Payment = {
    id: tx.id,
    customerId: tx.customer?.id ?? '',
    paymentMethodId: tx.creditCard?.token ?? '',
    invoiceId: '',
    amount: moneyOf(tx.amount, tx.currencyIsoCode),
    status,
    amountRefunded: amountRefunded ?? { amount: 0, currency: tx.currencyIsoCode },
    description: '',
  };
  const decline = declineOf(tx);
  if (decline && (status === 'declined' || status === 'requires_action')) payment.decline = decline;
  const createdAt = dateOf(tx.createdAt);
  if (createdAt) payment.createdAt = createdAt;
  return payment;
}

const REFUND_STATUSES: Readonly<Record<string, RefundStatus>> = {
  submitted_for_settlement: 'succeeded',
  settling: 'succeeded',
  settlement_pending: 'succeeded',
  settled: 'succeeded',
  settlement_confirmed: 'succeeded',
  authorizing: 'pending',
  authorized: 'pending',
  processor_declined: 'failed',
  gateway_rejected: 'failed',
  failed: 'failed',
  settlement_declined: 'failed',
  voided: 'canceled',
};

/** A refund is a credit transaction; Braintree accepts it synchronously. */
export function mapRefund(credit: WireTransaction, paymentId: string, reason: RefundReason): Refund {
  const refund: Refund = {
    id: credit.id,
    paymentId,
    amount: moneyOf(credit.amount, credit.currencyIsoCode),
    status: REFUND_STATUSES[credit.status] ?? 'pending',
    reason,
    method: 'refund',
  };
  const createdAt = dateOf(credit.createdAt);
  if (createdAt) refund.createdAt = createdAt;
  return refund;
}

/** A void releases the whole sale; it has no id of its own, so it carries the sale's. */
export function mapVoid(sale: WireTransaction, reason: RefundReason): Refund {
  return {
    id: sale.id,
    paymentId: sale.id,
    amount: moneyOf(sale.amount, sale.currencyIsoCode),
    status: sale.status === 'voided' ? 'succeeded' : 'outcome_unknown',
    reason,
    method: 'void',
  };
}

/** Refunds that moved no money do not count against what is left to refund. */
export function countsAsRefunded(credit: WireTransaction): boolean {
  return REFUND_STATUSES[credit.status] === 'succeeded' || REFUND_STATUSES[credit.status] === 'pending';
}
