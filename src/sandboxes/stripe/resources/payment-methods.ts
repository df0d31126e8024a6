import { pathParam, type ApiCall } from '../api-call.js';
import { invalidRequest, resourceMissing } from '../errors.js';
import { LIST_PARAMS, listResponse } from '../list.js';
import { allowOnly, optionalString, requiredString } from '../params.js';
import { newId, newestFirst, type StripeState } from '../state.js';
import { testCardFor, type TestCard } from '../test-cards.js';
import type { Metadata, WireObject } from '../wire.js';
import { requireCustomer } from './customers.js';

export type WalletType = 'apple_pay' | 'google_pay' | 'link' | 'samsung_pay';

export interface StripeCard {
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  fingerprint: string;
  funding: string;
  country: string;
  wallet: { type: WalletType; dynamic_last4: string | null; [field: string]: unknown } | null;
  [field: string]: unknown;
}

export interface StripePaymentMethod extends WireObject {
  object: 'payment_method';
  type: 'card';
  created: number;
  customer: string | null;
  metadata: Metadata;
  card: StripeCard;
}

export interface CardOptions {
  id?: string;
  customer?: string | null;
  expMonth: number;
  expYear: number;
  wallet?: WalletType;
}

export function buildCardPaymentMethod(card: TestCard, options: CardOptions, created: number): StripePaymentMethod {
  return {
    id: options.id ?? newId('pm'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: {
      address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
      email: null,
      name: null,
      phone: null,
      tax_id: null,
    },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
      country: card.country,
      display_brand: card.brand,
      exp_month: options.expMonth,
      exp_year: options.expYear,
      fingerprint: card.fingerprint,
      funding: card.funding,
      generated_from: null,
      last4: card.last4,
      networks: { available: [card.brand], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: true },
      wallet: options.wallet ? { type: options.wallet, dynamic_last4: null, [options.wallet]: {} } : null,
    },
    created,
    customer: options.customer ?? null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: 'card',
  };
}

/**
 * A PaymentMethod given as a parameter. A documented test id (`pm_card_visa`) makes a
 * new PaymentMethod for that card each time, as Stripe does; test cards expire a year
 * from now, like Stripe's.
 */
export function resolvePaymentMethod(state: StripeState, id: string, param: string): StripePaymentMethod {
  const testCard = testCardFor(id);
  if (testCard) {
    const today = new Date(state.clock.now() * 1000);
    const paymentMethod = buildCardPaymentMethod(
      testCard,
      { expMonth: today.getUTCMonth() + 1, expYear: today.getUTCFullYear() + 1 },
      state.clock.now(),
    );
    state.paymentMethods.set(paymentMethod.id, paymentMethod);
    return paymentMethod;
  }
  const paymentMethod = state.paymentMethods.get(id);
  if (!paymentMethod) throw resourceMissing('PaymentMethod', id, param);
  return paymentMethod;
}

/** Stripe's wording when a PaymentMethod is not attached to the customer it is used for. */
export function requireOwnedPaymentMethod(
  state: StripeState,
  id: string,
  customerId: string,
  param: string,
): StripePaymentMethod {
  const paymentMethod = state.paymentMethods.get(id);
  if (!paymentMethod || paymentMethod.customer !== customerId) {
    throw invalidRequest(
      `The customer does not have a payment method with the ID ${id}. The payment method must be attached to the customer.`,
      { code: 'resource_missing', param },
    );
  }
  return paymentMethod;
}

export function attachPaymentMethod(
  state: StripeState,
  id: string,
  customerId: string,
  param = 'payment_method',
): StripePaymentMethod {
  const customer = requireCustomer(state, customerId, 'customer');
  const paymentMethod = resolvePaymentMethod(state, id, param);
  if (paymentMethod.customer && paymentMethod.customer !== customer.id) {
    throw invalidRequest('The payment method you provided has already been attached to a customer.', {
      code: 'payment_method_unexpected_state',
    });
  }
  paymentMethod.customer = customer.id;
  return paymentMethod;
}

export function attachPaymentMethodRoute(call: ApiCall): StripePaymentMethod {
  allowOnly(call.params, ['customer']);
  return attachPaymentMethod(call.state, pathParam(call, 'id'), requiredString(call.params, 'customer'), 'id');
}

export function detachPaymentMethod(call: ApiCall): StripePaymentMethod {
  allowOnly(call.params, []);
  const paymentMethod = retrievePaymentMethod(call);
  if (!paymentMethod.customer) {
    throw invalidRequest('The payment method you provided is not attached to a customer so detachment is impossible.', {
      code: 'payment_method_unexpected_state',
    });
  }
  for (const customer of call.state.customers.values()) {
    if (customer.invoice_settings.default_payment_method === paymentMethod.id) {
      customer.invoice_settings.default_payment_method = null;
    }
  }
  paymentMethod.customer = null;
  return paymentMethod;
}

export function retrievePaymentMethod(call: ApiCall): StripePaymentMethod {
  const id = pathParam(call, 'id');
  const paymentMethod = call.state.paymentMethods.get(id);
  if (!paymentMethod) throw resourceMissing('PaymentMethod', id);
  return paymentMethod;
}

export function listPaymentMethods({ state, params }: ApiCall) {
  allowOnly(params, [...LIST_PARAMS, 'customer', 'type']);
  const customer = optionalString(params, 'customer');
  if (customer) requireCustomer(state, customer, 'customer');
  const type = optionalString(params, 'type');
  const paymentMethods = newestFirst(state.paymentMethods.values()).filter(
    (paymentMethod) =>
      (customer ? paymentMethod.customer === customer : paymentMethod.customer !== null) &&
      (type === undefined || paymentMethod.type === type),
  );
  return listResponse(paymentMethods, params, '/v1/payment_methods');
}
