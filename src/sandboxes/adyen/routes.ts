import { routeMatcher } from '../shared/route-table.js';
import type { AdyenHandler } from './api-call.js';
import { cancelPayment, refundPayment, reversePayment } from './resources/modifications.js';
import { createPaymentLink, retrievePaymentLink } from './resources/payment-links.js';
import { createPayment } from './resources/payments.js';
import { listStoredPaymentMethods } from './resources/stored-payment-methods.js';

/** Checkout's version in every path; @adyen/api-library 32.1.0 pins v72. */
export const API_VERSION = 'v72';

/** The Checkout API surface the sandbox serves (processor-wire.md, Adyen). */
const TABLE: Array<[method: string, pattern: string, handler: AdyenHandler]> = [
  ['POST', '/payments', createPayment],
  ['POST', '/payments/{paymentPspReference}/refunds', refundPayment],
  ['POST', '/payments/{paymentPspReference}/cancels', cancelPayment],
  ['POST', '/payments/{paymentPspReference}/reversals', reversePayment],
  ['POST', '/paymentLinks', createPaymentLink],
  ['GET', '/paymentLinks/{linkId}', retrievePaymentLink],
  ['GET', '/storedPaymentMethods', listStoredPaymentMethods],
];

const findRoute = routeMatcher(
  TABLE.map(([method, pattern, handler]) => ({ method, pattern, handler })),
  { prefix: `/${API_VERSION}` },
);

export interface RouteMatch {
  handler: AdyenHandler;
  pathParams: Record<string, string>;
}

export function matchRoute(method: string, path: string): RouteMatch | undefined {
  const match = findRoute(method, path);
  return match && { handler: match.route.handler, pathParams: match.pathParams };
}
