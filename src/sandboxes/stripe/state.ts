import { randomBytes } from 'node:crypto';
import type { StripeEvent } from './events.js';
import { createClock, type SandboxClock } from '../shared/clock.js';
import { IdempotencyStore } from '../shared/idempotency.js';
import type { StripeCharge } from './resources/charges.js';
import type { StripeCheckoutSession } from './resources/checkout-sessions.js';
import type { StripeCustomer } from './resources/customers.js';
import type { StripeInvoiceItem } from './resources/invoice-items.js';
import type { StripeInvoicePayment } from './resources/invoice-payments.js';
import type { StripeInvoice } from './resources/invoices.js';
import type { StripePaymentIntent } from './resources/payment-intents.js';
import type { StripePaymentMethod } from './resources/payment-methods.js';
import type { StripePrice, StripeProduct } from './resources/prices.js';
import type { StripeRefund } from './resources/refunds.js';
import type { StripeSubscription } from './resources/subscriptions.js';
import type { WebhookDeliveryRecord } from './webhook-sender.js';

/**
 * Everything the sandbox remembers. Maps keep insertion order, which is creation order,
 * so lists can answer newest first as Stripe does. Tests count objects here
 * (e.g. `state.paymentIntents.size`).
 */
export interface StripeState {
  customers: Map<string, StripeCustomer>;
  deletedCustomerIds: Set<string>;
  paymentMethods: Map<string, StripePaymentMethod>;
  paymentIntents: Map<string, StripePaymentIntent>;
  charges: Map<string, StripeCharge>;
  refunds: Map<string, StripeRefund>;
  invoices: Map<string, StripeInvoice>;
  invoicePayments: Map<string, StripeInvoicePayment>;
  /** Pending proration items waiting for the next invoice. */
  invoiceItems: Map<string, StripeInvoiceItem>;
  checkoutSessions: Map<string, StripeCheckoutSession>;
  products: Map<string, StripeProduct>;
  prices: Map<string, StripePrice>;
  subscriptions: Map<string, StripeSubscription>;
  /** Every event created, oldest first (events.ts). */
  events: Map<string, StripeEvent>;
  /** Every delivery of an event to the webhook URL, with the status of each attempt. */
  webhookDeliveries: WebhookDeliveryRecord[];
  /** Called with each new event; the server delivers it to the webhook URL. */
  onEvent(event: StripeEvent): void;
  idempotency: IdempotencyStore;
  clock: SandboxClock;
  /** Where the sandbox is reachable; checkout session URLs point here. */
  baseUrl: string;
}

export function createState(baseUrl = ''): StripeState {
  const clock = createClock();
  return {
    customers: new Map(),
    deletedCustomerIds: new Set(),
    paymentMethods: new Map(),
    paymentIntents: new Map(),
    charges: new Map(),
    refunds: new Map(),
    invoices: new Map(),
    invoicePayments: new Map(),
    invoiceItems: new Map(),
    checkoutSessions: new Map(),
    products: new Map(),
    prices: new Map(),
    subscriptions: new Map(),
    events: new Map(),
    webhookDeliveries: [],
    onEvent: () => {},
    idempotency: new IdempotencyStore(clock),
    clock,
    baseUrl,
  };
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Stripe-style ids: a type prefix and 24 random base62 characters. */
export function newId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let suffix = '';
  for (const byte of bytes) suffix += ID_ALPHABET[byte % ID_ALPHABET.length];
  return `${prefix}_${suffix}`;
}

/** Newest first, the order of every Stripe list. */
export function newestFirst<T>(items: Iterable<T>): T[] {
  return [...items].reverse();
}
