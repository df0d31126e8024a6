import { pathParam, type ApiCall } from '../api-call.js';
import { requireChargeableAmount, requireCurrency } from '../currencies.js';
import { invalidRequest, missingParam, resourceMissing } from '../errors.js';
import { emitEvent } from '../events.js';
import type { FormObject } from '../form.js';
import {
  allowOnly, expandPaths, mergeMetadata, optionalArray, optionalInteger, optionalObject, optionalString,
  requiredInteger,
  requiredString,
} from '../params.js';
import { newId, type StripeState } from '../state.js';
import { snapshot, type Metadata, type WireObject } from '../wire.js';
import { requireCustomer } from './customers.js';

export interface StripeCheckoutSession extends WireObject {
  object: 'checkout.session';
  status: 'open' | 'complete' | 'expired';
  payment_status: 'paid' | 'unpaid' | 'no_payment_required';
  payment_intent: string | null;
  amount_total: number;
  currency: string;
  expires_at: number;
  customer: string | null;
  customer_email: string | null;
  metadata: Metadata;
  url: string | null;
}

/** What the session keeps off the wire: its items and what its PaymentIntent will carry. */
export interface CheckoutDetails {
  lineItems: WireObject[];
  description: string | null;
  paymentIntentMetadata: Metadata;
}

const details = new WeakMap<StripeCheckoutSession, CheckoutDetails>();

export function checkoutDetails(session: StripeCheckoutSession): CheckoutDetails {
  return details.get(session) ?? { lineItems: [], description: null, paymentIntentMetadata: {} };
}

/** Checkout allows expires_at from 30 minutes to 24 hours after creation (docs.stripe.com/api/checkout/sessions/create). */
const MIN_EXPIRY_SECONDS = 30 * 60;
const MAX_EXPIRY_SECONDS = 24 * 60 * 60;

/** Top-level parameters of Checkout SessionCreateParams in stripe@23.1.0. */
const CREATE_PARAMS = [
  'adaptive_pricing', 'after_expiration', 'allow_promotion_codes', 'allowed_payment_method_types', 'automatic_tax',
  'billing_address_collection', 'branding_settings', 'cancel_url', 'client_reference_id', 'consent_collection',
  'currency', 'custom_fields', 'custom_text', 'customer', 'customer_account', 'customer_creation', 'customer_email',
  'customer_update', 'discounts', 'excluded_payment_method_types', 'expires_at', 'integration_identifier',
  'invoice_creation', 'line_items', 'locale', 'managed_payments', 'metadata', 'mode', 'name_collection',
  'optional_items', 'origin_context', 'payment_intent_data', 'payment_method_collection',
  'payment_method_configuration', 'payment_method_data', 'payment_method_options', 'permissions',
  'phone_number_collection', 'redirect_on_completion', 'return_url', 'saved_payment_method_options',
  'setup_intent_data', 'shipping_address_collection', 'shipping_options', 'submit_type', 'subscription_data',
  'success_url', 'tax_id_collection', 'ui_mode', 'wallet_options',
];

/** POST /v1/checkout/sessions in payment mode, with price_data line items. */
export function createCheckoutSession(call: ApiCall): WireObject {
  const { state, params } = call;
  allowOnly(params, CREATE_PARAMS);
  const mode = requiredString(params, 'mode');
  if (mode !== 'payment') throw invalidRequest('The sandbox serves Checkout in payment mode only.', { param: 'mode' });
  const now = state.clock.now();
  const lineItems = readLineItems(params);
  const currency = lineItems[0]?.currency as string;
  const amountTotal = lineItems.reduce((sum, item) => sum + (item.amount_total as number), 0);
  requireChargeableAmount(amountTotal, currency, 'line_items');
  const customerId = optionalString(params, 'customer');
  const customer = customerId === undefined ? null : requireCustomer(state, customerId, 'customer');
  const expiresAt = optionalInteger(params, 'expires_at') ?? now + MAX_EXPIRY_SECONDS;
  if (expiresAt < now + MIN_EXPIRY_SECONDS) {
    throw invalidRequest('The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.', { param: 'expires_at' });
  }
  if (expiresAt > now + MAX_EXPIRY_SECONDS) {
    throw invalidRequest('The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.', { param: 'expires_at' });
  }
  const intentData = optionalObject(params, 'payment_intent_data') ?? {};
  const session = buildSession(state, {
    amountTotal, currency, expiresAt, customer: customer?.id ?? null,
    customerEmail: optionalString(params, 'customer_email') ?? null,
    metadata: mergeMetadata({}, params),
    successUrl: optionalString(params, 'success_url') ?? null,
    cancelUrl: optionalString(params, 'cancel_url') ?? null,
    clientReferenceId: optionalString(params, 'client_reference_id') ?? null,
  });
  details.set(session, {
    lineItems,
    description: optionalString(intentData, 'description') ?? null,
    paymentIntentMetadata: mergeMetadata({}, intentData),
  });
  state.checkoutSessions.set(session.id, session);
  return present(session, params);
}

function readLineItems(params: FormObject): WireObject[] {
  const items = optionalArray(params, 'line_items');
  if (!items || items.length === 0) throw missingParam('line_items');
  const lineItems = items.map((entry, index) => {
    if (typeof entry !== 'object' || Array.isArray(entry)) throw invalidRequest('Invalid object', { param: `line_items[${index}]` });
    return readLineItem(entry, index);
  });
  if (new Set(lineItems.map((item) => item.currency)).size > 1) {
    throw invalidRequest('All line items must use the same currency.', { param: 'line_items' });
  }
  return lineItems;
}

function readLineItem(entry: FormObject, index: number): WireObject {
  const at = (name: string) => `line_items[${index}][${name}]`;
  const priceData = optionalObject(entry, 'price_data');
  if (!priceData) throw invalidRequest('The sandbox needs price_data on each line item.', { param: at('price_data') });
  const currency = requireCurrency(requiredString(priceData, 'currency'), at('price_data][currency'));
  const unitAmount = requiredInteger(priceData, 'unit_amount');
  const name = optionalString(optionalObject(priceData, 'product_data') ?? {}, 'name');
  if (!name) throw missingParam(at('price_data][product_data][name'));
  const quantity = optionalInteger(entry, 'quantity');
  if (quantity === undefined || quantity < 1) {
    throw invalidRequest('Quantity is required and must be at least 1.', { param: at('quantity') });
  }
  const total = unitAmount * quantity;
  // price_data makes an inline, inactive price of a new product, as on Stripe.
  const price = {
    id: newId('price'), object: 'price', active: false, currency, product: newId('prod', 14), type: 'one_time',
    unit_amount: unitAmount, unit_amount_decimal: String(unitAmount),
  };
  return {
    id: newId('li'), object: 'item', amount_discount: 0, amount_subtotal: total, amount_tax: 0, amount_total: total,
    currency, description: name, price, quantity,
  };
}

interface SessionFields {
  amountTotal: number;
  currency: string;
  expiresAt: number;
  customer: string | null;
  customerEmail: string | null;
  metadata: Metadata;
  successUrl: string | null;
  cancelUrl: string | null;
  clientReferenceId: string | null;
}

function buildSession(state: StripeState, fields: SessionFields): StripeCheckoutSession {
  const id = newId('cs_test', 58);
  return {
    id, object: 'checkout.session',
    adaptive_pricing: { enabled: false }, after_expiration: null, allow_promotion_codes: null,
    amount_subtotal: fields.amountTotal, amount_total: fields.amountTotal,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null, cancel_url: fields.cancelUrl, client_reference_id: fields.clientReferenceId,
    client_secret: null, collected_information: null, consent: null, consent_collection: null,
    created: state.clock.now(), currency: fields.currency, currency_conversion: null, custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: fields.customer, customer_account: null, customer_creation: fields.customer ? null : 'if_required',
    customer_details: null, customer_email: fields.customerEmail, discounts: [], expires_at: fields.expiresAt,
    integration_identifier: null, invoice: null,
    invoice_creation: {
      enabled: false,
      invoice_data: {
        account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: null, metadata: {},
        rendering_options: null,
      },
    },
    livemode: false, locale: null, managed_payments: null, metadata: fields.metadata, mode: 'payment',
    origin_context: null,
    payment_intent: null, payment_link: null, payment_method_collection: 'if_required',
    payment_method_configuration_details: null,
    payment_method_options: { card: { request_three_d_secure: 'automatic' } },
    payment_method_types: ['card'], payment_status: 'unpaid', permissions: null,
    phone_number_collection: { enabled: false },
    recovered_from: null, saved_payment_method_options: null, setup_intent: null, shipping_address_collection: null,
    shipping_cost: null, shipping_options: [], status: 'open', submit_type: null, subscription: null,
    success_url: fields.successUrl, total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted', url: `${state.baseUrl}/pay/${id}`, wallet_options: null,
  };
}

/**
 * Sessions expire on their own at expires_at, noticed here when a session is next looked
 * at; Stripe drops `url` once a session is no longer open.
 */
export function refreshExpiry(state: StripeState, session: StripeCheckoutSession): StripeCheckoutSession {
  if (session.status === 'open' && state.clock.now() >= session.expires_at) expire(state, session);
  return session;
}

function expire(state: StripeState, session: StripeCheckoutSession): void {
  Object.assign(session, { status: 'expired', url: null });
  emitEvent(state, 'checkout.session.expired', session);
}

export function requireCheckoutSession(state: StripeState, id: string): StripeCheckoutSession {
  const session = state.checkoutSessions.get(id);
  if (!session) throw resourceMissing('checkout.session', id);
  return refreshExpiry(state, session);
}

/**
 * line_items appear only when expanded, as on Stripe: `line_items` on one session,
 * `data.line_items` through a list (`within` is then `data.`).
 */
export function present(session: StripeCheckoutSession, params: FormObject, within = ''): WireObject {
  const view: WireObject = snapshot(session);
  if (expandPaths(params).includes(`${within}line_items`)) {
    const data = checkoutDetails(session).lineItems;
    view.line_items = { object: 'list', data: snapshot(data), has_more: false, url: `/v1/checkout/sessions/${session.id}/line_items` };
  }
  return view;
}

export function retrieveCheckoutSession(call: ApiCall): WireObject {
  allowOnly(call.params, []);
  return present(requireCheckoutSession(call.state, pathParam(call, 'id')), call.params);
}

export function expireCheckoutSession(call: ApiCall): WireObject {
  allowOnly(call.params, []);
  const session = requireCheckoutSession(call.state, pathParam(call, 'id'));
  if (session.status !== 'open') {
    throw invalidRequest(`Only Checkout Sessions with a status in ["open"] can be expired. This session has a status of "${session.status}".`);
  }
  expire(call.state, session);
  return present(session, call.params);
}
