import { routeMatcher } from '../shared/route-table.js';
import type { ApiHandler } from './api-call.js';
import { generateClientToken } from './resources/client-token.js';
import { createCustomer, findCustomer, searchCustomerIds, searchCustomers } from './resources/customers.js';
import { createPaymentMethod, findPaymentMethod } from './resources/payment-methods.js';
import { listPlans } from './resources/plans.js';
import { refundTransaction, voidTransaction } from './resources/refunds.js';
import { simulateSettlement, submitForSettlement } from './resources/settlement.js';
import { updateSubscription } from './resources/subscription-update.js';
import {
  cancelSubscription,
  findSubscription,
  searchSubscriptionIds,
  searchSubscriptions,
} from './resources/subscriptions.js';
import { findTransaction, sale, searchTransactionIds, searchTransactions } from './resources/transactions.js';

/**
 * The Braintree API paths the sandbox serves, below /merchants/{merchant_id}/, as the
 * Node SDK 3.40.0 calls them (lib/braintree/*_gateway.js). `{name}` matches one path
 * segment of Braintree's id characters.
 */
interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT';
  pattern: string;
  handler: ApiHandler;
  /** Deduplicated by `api_request_key` (api-request-keys.ts). */
  idempotent?: boolean;
}

const ROUTES: readonly RouteSpec[] = [
  { method: 'POST', pattern: 'customers/advanced_search_ids', handler: searchCustomerIds },
  { method: 'POST', pattern: 'customers/advanced_search', handler: searchCustomers },
  { method: 'POST', pattern: 'customers', handler: createCustomer },
  { method: 'GET', pattern: 'customers/{id}', handler: findCustomer },
  { method: 'POST', pattern: 'payment_methods', handler: createPaymentMethod },
  { method: 'GET', pattern: 'payment_methods/any/{token}', handler: findPaymentMethod },
  { method: 'POST', pattern: 'transactions/advanced_search_ids', handler: searchTransactionIds },
  { method: 'POST', pattern: 'transactions/advanced_search', handler: searchTransactions },
  { method: 'POST', pattern: 'transactions', handler: sale, idempotent: true },
  { method: 'GET', pattern: 'transactions/{id}', handler: findTransaction },
  { method: 'POST', pattern: 'transactions/{id}/refund', handler: refundTransaction },
  { method: 'PUT', pattern: 'transactions/{id}/void', handler: voidTransaction },
  { method: 'PUT', pattern: 'transactions/{id}/submit_for_settlement', handler: submitForSettlement },
  { method: 'PUT', pattern: 'transactions/{id}/{operation}', handler: simulateSettlement },
  { method: 'GET', pattern: 'plans', handler: listPlans },
  { method: 'POST', pattern: 'subscriptions/advanced_search_ids', handler: searchSubscriptionIds },
  { method: 'POST', pattern: 'subscriptions/advanced_search', handler: searchSubscriptions },
  { method: 'GET', pattern: 'subscriptions/{id}', handler: findSubscription },
  { method: 'PUT', pattern: 'subscriptions/{id}', handler: updateSubscription },
  { method: 'PUT', pattern: 'subscriptions/{id}/cancel', handler: cancelSubscription },
  { method: 'POST', pattern: 'client_token', handler: generateClientToken },
];

/** Braintree ids are letters, digits, `_` and `-`. */
const findRoute = routeMatcher(ROUTES, { segment: '[A-Za-z0-9_-]+' });

export interface RouteMatch {
  handler: ApiHandler;
  idempotent: boolean;
  pathParams: Record<string, string>;
}

/** `path` is what follows /merchants/{merchant_id}/. */
export function matchRoute(method: string, path: string): RouteMatch | undefined {
  const match = findRoute(method, path);
  return match && { handler: match.route.handler, idempotent: match.route.idempotent === true, pathParams: match.pathParams };
}
