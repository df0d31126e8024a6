import { toDecimalString } from '../../../core/money.js';
import { dayOf } from '../calendar.js';
import type { SandboxTransaction } from '../records.js';
import type { BraintreeState } from '../state.js';
import { XmlArray, type XmlObject } from '../xml.js';
import { cardFields } from './credit-cards.js';

/** Amounts travel as decimal strings in the merchant account's currency ("10.00", a credit "-5.00"). */
export function decimal(amount: number, currency: string): string {
  const text = toDecimalString({ amount: Math.abs(amount), currency });
  return amount < 0 ? `-${text}` : text;
}

/**
 * A transaction as Braintree renders it (processor-wire.md, "Success sale"). Every list
 * is present, empty or not: the SDK's Transaction maps `disputes` and
 * `authorization-adjustments`, and a subscription's `transactions` hold these too.
 */
export function renderTransaction(state: BraintreeState, tx: SandboxTransaction): XmlObject {
  const customer = tx.customerId ? state.customers.get(tx.customerId) : undefined;
  const settledEvent = tx.statusHistory.find((event) => event.status === 'settled');
  return {
    id: tx.id,
    status: tx.status,
    type: tx.type,
    'currency-iso-code': tx.currency,
    amount: decimal(tx.amount, tx.currency),
    'merchant-account-id': tx.merchantAccountId,
    'order-id': tx.orderId,
    'created-at': tx.createdAt,
    'updated-at': tx.updatedAt,
    'processor-response-code': tx.response?.code ?? null,
    'processor-response-text': tx.response?.text ?? null,
    'processor-response-type': tx.response?.type ?? null,
    'additional-processor-response': null,
    'gateway-rejection-reason': tx.gatewayRejectionReason,
    'processor-authorization-code': tx.authorizationCode,
    'cvv-response-code': 'I',
    'avs-postal-code-response-code': 'I',
    'avs-street-address-response-code': 'I',
    'avs-error-response-code': null,
    'settlement-batch-id': settledEvent ? `${dayOf(settledEvent.at)}_${tx.merchantAccountId}` : null,
    'refund-ids': new XmlArray('item', tx.refundIds),
    'refunded-transaction-id': tx.refundedTransactionId,
    'partial-settlement-transaction-ids': new XmlArray('item', []),
    'subscription-id': tx.subscriptionId,
    'plan-id': tx.planId,
    recurring: tx.subscriptionId !== null,
    'payment-instrument-type': 'credit_card',
    'tax-amount': null,
    'tax-exempt': false,
    'custom-fields': '',
    customer: {
      id: tx.customerId,
      'first-name': customer?.firstName || null,
      'last-name': customer?.lastName || null,
      company: customer?.company || null,
      email: customer?.email || null,
      phone: customer?.phone || null,
    },
    'credit-card': {
      token: tx.card.token,
      ...cardFields(tx.card, state.clock.now()),
      'unique-number-identifier': tx.card.uniqueNumberIdentifier,
    },
    'status-history': new XmlArray(
      'status-event',
      tx.statusHistory.map((event) => ({
        timestamp: event.at,
        status: event.status,
        amount: decimal(event.amount, tx.currency),
        user: 'api',
        'transaction-source': tx.subscriptionId ? 'recurring' : 'api',
      })),
    ),
    'add-ons': new XmlArray('add-on', []),
    discounts: new XmlArray('discount', []),
    disputes: new XmlArray('dispute', []),
    'authorization-adjustments': new XmlArray('authorization-adjustment', []),
    descriptor: { name: null, phone: null, url: null },
  };
}
