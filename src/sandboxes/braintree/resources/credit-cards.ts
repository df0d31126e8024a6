import { createHash } from 'node:crypto';
import { notFound } from '../errors.js';
import type { CardDetails, SandboxCreditCard, SandboxTransaction } from '../records.js';
import { randomId, type BraintreeState } from '../state.js';
import { XmlArray, type XmlObject } from '../xml.js';
import { renderSubscription } from './subscriptions.js';

/**
 * Vaulted credit cards (payment methods). A customer has at most one default; the first
 * card vaulted for a customer becomes it, as on Braintree.
 */
export interface VaultOptions {
  token?: string;
  makeDefault?: boolean;
}

export function vaultCard(
  state: BraintreeState,
  customerId: string,
  details: CardDetails,
  options: VaultOptions = {},
): SandboxCreditCard {
  const now = state.clock.now();
  const existing = cardsOf(state, customerId);
  const makeDefault = options.makeDefault === true || existing.length === 0;
  if (makeDefault) for (const other of existing) other.isDefault = false;
  const card: SandboxCreditCard = {
    ...details,
    token: options.token ?? randomId(7),
    customerId,
    isDefault: makeDefault,
    uniqueNumberIdentifier: uniqueNumberIdentifier(details),
    createdAt: now,
    updatedAt: now,
  };
  state.creditCards.set(card.token, card);
  return card;
}

/** The card as a transaction records it: its details and token, nothing of the vault. */
export function chargedCard(card: SandboxCreditCard): SandboxTransaction['card'] {
  const { cardType, bin, last4, expirationMonth, expirationYear, behaviour, token } = card;
  return { cardType, bin, last4, expirationMonth, expirationYear, behaviour, token, uniqueNumberIdentifier: card.uniqueNumberIdentifier };
}

export function cardsOf(state: BraintreeState, customerId: string): SandboxCreditCard[] {
  return [...state.creditCards.values()].filter((card) => card.customerId === customerId);
}

export function findCard(state: BraintreeState, token: string): SandboxCreditCard {
  const card = state.creditCards.get(token);
  if (!card) throw notFound();
  return card;
}

/** Braintree's per-number fingerprint: the same card number gives the same identifier. */
export function uniqueNumberIdentifier(details: Pick<CardDetails, 'cardType' | 'bin' | 'last4'>): string {
  return createHash('sha256').update(`${details.cardType}:${details.bin}:${details.last4}`).digest('hex').slice(0, 32);
}

export function isExpired(details: Pick<CardDetails, 'expirationMonth' | 'expirationYear'>, now: Date): boolean {
  const year = Number(details.expirationYear);
  const month = Number(details.expirationMonth);
  return year < now.getUTCFullYear() || (year === now.getUTCFullYear() && month < now.getUTCMonth() + 1);
}

/** The card fields Braintree shows on a vaulted card and inside a transaction. */
export function cardFields(details: CardDetails, now: Date): XmlObject {
  return {
    bin: details.bin,
    'last-4': details.last4,
    'card-type': details.cardType,
    'expiration-month': details.expirationMonth,
    'expiration-year': details.expirationYear,
    'customer-location': 'US',
    'cardholder-name': null,
    'image-url': `https://assets.braintreegateway.com/payment_method_logo/${details.cardType.toLowerCase().replace(/\s+/g, '_')}.png`,
    prepaid: 'Unknown',
    debit: 'Unknown',
    commercial: 'Unknown',
    'country-of-issuance': 'USA',
    'issuing-bank': 'NETWORK ONLY',
    expired: isExpired(details, now),
  };
}

export function renderCreditCard(state: BraintreeState, card: SandboxCreditCard): XmlObject {
  const subscriptions = [...state.subscriptions.values()].filter((s) => s.paymentMethodToken === card.token);
  return {
    token: card.token,
    'customer-id': card.customerId,
    ...cardFields(card, state.clock.now()),
    default: card.isDefault,
    'unique-number-identifier': card.uniqueNumberIdentifier,
    'venmo-sdk': false,
    'created-at': card.createdAt,
    'updated-at': card.updatedAt,
    subscriptions: new XmlArray('subscription', subscriptions.map((s) => renderSubscription(state, s))),
    verifications: new XmlArray('verification', []),
  };
}
