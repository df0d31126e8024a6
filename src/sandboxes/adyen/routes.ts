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

const ROUTES = TABLE.map(([method, pattern, handler]) => {
  const names: string[] = [];
  const source = pattern.replace(/\{(\w+)\}/g, (_match, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { method, pattern: new RegExp(`^/${API_VERSION}${source}$`), names, handler };
});

export interface RouteMatch {
  handler: AdyenHandler;
  pathParams: Record<string, string>;
}

export function matchRoute(method: string, path: string): RouteMatch | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (!match) continue;
    const pathParams: Record<string, string> = {};
    route.names.forEach((name, index) => {
      pathParams[name] = safeDecode(match[index + 1] ?? '');
    });
    return { handler: route.handler, pathParams };
  }
  return undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
