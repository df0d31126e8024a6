import { routeMatcher } from '../shared/route-table.js';
import type { ApiHandler } from './api-call.js';
import { retrieveCharge } from './resources/charges.js';
import { listCheckoutSessions } from './resources/checkout-session-list.js';
import { createCheckoutSession, expireCheckoutSession, retrieveCheckoutSession } from './resources/checkout-sessions.js';
import { listEvents, retrieveEvent } from './resources/event-list.js';
import {
  createCustomer, deleteCustomer, listCustomers, retrieveCustomer, searchCustomers, updateCustomer,
} from './resources/customers.js';
import { attachInvoicePayment } from './resources/invoice-attach-payment.js';
import { payInvoice } from './resources/invoice-pay.js';
import { listInvoicePayments, retrieveInvoicePayment } from './resources/invoice-payments.js';
import { listInvoices, retrieveInvoice } from './resources/invoices.js';
import { createPaymentIntent, retrievePaymentIntent, searchPaymentIntents } from './resources/payment-intents.js';
import {
  attachPaymentMethodRoute, detachPaymentMethod, listPaymentMethods, retrievePaymentMethod,
} from './resources/payment-methods.js';
import { listPrices, retrievePrice, retrieveProduct } from './resources/prices.js';
import { createRefund, retrieveRefund } from './resources/refunds.js';
import { updateSubscription } from './resources/subscription-update.js';
import { cancelSubscription, listSubscriptions, retrieveSubscription } from './resources/subscriptions.js';

/** The Stripe API surface the sandbox serves (notes/stripe-wire.md), first match wins. */
const TABLE: Array<[method: string, pattern: string, handler: ApiHandler]> = [
  ['GET', '/v1/customers/search', searchCustomers],
  ['GET', '/v1/customers', listCustomers],
  ['POST', '/v1/customers', createCustomer],
  ['GET', '/v1/customers/{id}', retrieveCustomer],
  ['POST', '/v1/customers/{id}', updateCustomer],
  ['DELETE', '/v1/customers/{id}', deleteCustomer],
  ['GET', '/v1/payment_methods', listPaymentMethods],
  ['GET', '/v1/payment_methods/{id}', retrievePaymentMethod],
  ['POST', '/v1/payment_methods/{id}/attach', attachPaymentMethodRoute],
  ['POST', '/v1/payment_methods/{id}/detach', detachPaymentMethod],
  ['GET', '/v1/invoices', listInvoices],
  ['GET', '/v1/invoices/{id}', retrieveInvoice],
  ['POST', '/v1/invoices/{id}/pay', payInvoice],
  ['POST', '/v1/invoices/{id}/attach_payment', attachInvoicePayment],
  ['GET', '/v1/invoice_payments', listInvoicePayments],
  ['GET', '/v1/invoice_payments/{id}', retrieveInvoicePayment],
  ['GET', '/v1/payment_intents/search', searchPaymentIntents],
  ['POST', '/v1/payment_intents', createPaymentIntent],
  ['GET', '/v1/payment_intents/{id}', retrievePaymentIntent],
  ['GET', '/v1/charges/{id}', retrieveCharge],
  ['POST', '/v1/refunds', createRefund],
  ['GET', '/v1/refunds/{id}', retrieveRefund],
  ['GET', '/v1/checkout/sessions', listCheckoutSessions],
  ['POST', '/v1/checkout/sessions', createCheckoutSession],
  ['GET', '/v1/checkout/sessions/{id}', retrieveCheckoutSession],
  ['POST', '/v1/checkout/sessions/{id}/expire', expireCheckoutSession],
  ['GET', '/v1/prices', listPrices],
  ['GET', '/v1/prices/{id}', retrievePrice],
  ['GET', '/v1/products/{id}', retrieveProduct],
  ['GET', '/v1/events', listEvents],
  ['GET', '/v1/events/{id}', retrieveEvent],
  ['GET', '/v1/subscriptions', listSubscriptions],
  ['GET', '/v1/subscriptions/{id}', retrieveSubscription],
  ['POST', '/v1/subscriptions/{id}', updateSubscription],
  ['DELETE', '/v1/subscriptions/{id}', cancelSubscription],
];

const findRoute = routeMatcher(TABLE.map(([method, pattern, handler]) => ({ method, pattern, handler })));

export interface RouteMatch {
  handler: ApiHandler;
  pathParams: Record<string, string>;
}

export function matchRoute(method: string, path: string): RouteMatch | undefined {
  const match = findRoute(method, path);
  return match && { handler: match.route.handler, pathParams: match.pathParams };
}
