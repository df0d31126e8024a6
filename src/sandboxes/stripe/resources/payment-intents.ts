import { pathParam, type ApiCall } from '../api-call.js';
import { requireChargeableAmount, requireCurrency } from '../currencies.js';
import { invalidRequest, resourceMissing } from '../errors.js';
import { SEARCH_PARAMS, searchResponse } from '../list.js';
import {
  allowOnly,
  mergeMetadata,
  optionalBoolean,
  optionalEnum,
  optionalString,
  requiredInteger,
  requiredString,
} from '../params.js';
import { newId, newestFirst, type StripeState } from '../state.js';
import type { Metadata, WireObject } from '../wire.js';
import { requireCustomer } from './customers.js';
import { confirmPaymentIntent } from './payment-confirmation.js';
import { resolvePaymentMethod, type StripePaymentMethod } from './payment-methods.js';
import { matchesQuery, parseSearchQuery } from './search-query.js';

export type PaymentIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'canceled'
  | 'succeeded';

export interface StripePaymentIntent extends WireObject {
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  created: number;
  customer: string | null;
  description: string | null;
  metadata: Metadata;
  payment_method: string | null;
  latest_charge: string | null;
  status: PaymentIntentStatus;
  setup_future_usage: string | null;
}

export interface PaymentIntentFields {
  amount: number;
  currency: string;
  customer: string | null;
  description: string | null;
  metadata: Metadata;
  paymentMethod: string | null;
  setupFutureUsage?: string | null;
}

export function buildPaymentIntent(fields: PaymentIntentFields, created: number): StripePaymentIntent {
  const id = newId('pi');
  return {
    id,
    object: 'payment_intent',
    amount: fields.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: { allow_redirects: 'always', enabled: true },
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic_async',
    client_secret: `${id}_secret_${newId('x').slice(2)}`,
    confirmation_method: 'automatic',
    created,
    currency: fields.currency,
    customer: fields.customer,
    customer_account: null,
    description: fields.description,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: fields.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: fields.paymentMethod,
    payment_method_configuration_details: { id: 'pmc_tender_sandbox_default', parent: null },
    payment_method_options: {
      card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' },
    },
    payment_method_types: ['card'],
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: fields.setupFutureUsage ?? null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: fields.paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
    transfer_data: null,
    transfer_group: null,
  };
}

/** Top-level parameters of PaymentIntentCreateParams in stripe@23.1.0; unlisted ones get parameter_unknown. */
const CREATE_PARAMS = [
  'amount', 'currency', 'allowed_payment_method_types', 'amount_details', 'application_fee_amount',
  'automatic_payment_methods', 'capture_method', 'confirm', 'confirmation_method', 'confirmation_token',
  'customer', 'customer_account', 'description', 'error_on_requires_action', 'excluded_payment_method_types',
  'hooks', 'mandate', 'mandate_data', 'metadata', 'off_session', 'on_behalf_of', 'payment_details',
  'payment_method', 'payment_method_configuration', 'payment_method_data', 'payment_method_options',
  'radar_options', 'receipt_email', 'return_url', 'setup_future_usage', 'shipping', 'statement_descriptor',
  'statement_descriptor_suffix', 'transfer_data', 'transfer_group', 'use_stripe_sdk',
];

export function createPaymentIntent({ state, params }: ApiCall): StripePaymentIntent {
  allowOnly(params, CREATE_PARAMS);
  const amount = requiredInteger(params, 'amount');
  const currency = requireCurrency(requiredString(params, 'currency'));
  requireChargeableAmount(amount, currency);
  optionalEnum(params, 'capture_method', ['automatic', 'automatic_async']);
  const confirm = optionalBoolean(params, 'confirm') ?? false;
  const offSession = optionalBoolean(params, 'off_session') ?? false;
  if (offSession && !confirm) {
    throw invalidRequest('off_session can only be used when confirm=true.', { param: 'off_session' });
  }
  const customerId = optionalString(params, 'customer');
  const customer = customerId === undefined ? null : requireCustomer(state, customerId, 'customer');
  const paymentMethodId = optionalString(params, 'payment_method');
  const paymentMethod = paymentMethodId === undefined ? null : resolvePaymentMethod(state, paymentMethodId, 'payment_method');
  if (paymentMethod) requireUsableBy(paymentMethod, customer?.id ?? null);
  if (confirm && !paymentMethod) {
    throw invalidRequest(
      "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the " +
        'PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.',
      { code: 'payment_intent_unexpected_state' },
    );
  }
  const paymentIntent = buildPaymentIntent(
    {
      amount,
      currency,
      customer: customer?.id ?? null,
      description: optionalString(params, 'description') ?? null,
      metadata: mergeMetadata({}, params),
      paymentMethod: paymentMethod?.id ?? null,
      setupFutureUsage: optionalEnum(params, 'setup_future_usage', ['off_session', 'on_session']) ?? null,
    },
    state.clock.now(),
  );
  paymentIntent.receipt_email = optionalString(params, 'receipt_email') ?? null;
  state.paymentIntents.set(paymentIntent.id, paymentIntent);
  if (confirm && paymentMethod) {
    const errorOnRequiresAction = optionalBoolean(params, 'error_on_requires_action') ?? false;
    confirmPaymentIntent(state, paymentIntent, paymentMethod, { offSession, errorOnRequiresAction });
  }
  return paymentIntent;
}

/** A PaymentMethod saved to one customer cannot be charged for another (or for nobody). */
function requireUsableBy(paymentMethod: StripePaymentMethod, customerId: string | null): void {
  if (paymentMethod.customer && paymentMethod.customer !== customerId) {
    throw invalidRequest(
      customerId
        ? `The provided PaymentMethod ${paymentMethod.id} is attached to another Customer than ${customerId}.`
        : `The provided PaymentMethod ${paymentMethod.id} is attached to a Customer; pass that Customer as \`customer\`.`,
      { param: 'payment_method' },
    );
  }
}

export function requirePaymentIntent(state: StripeState, id: string, param = 'id'): StripePaymentIntent {
  const paymentIntent = state.paymentIntents.get(id);
  if (!paymentIntent) throw resourceMissing('payment_intent', id, param);
  return paymentIntent;
}

export function retrievePaymentIntent(call: ApiCall): StripePaymentIntent {
  allowOnly(call.params, ['client_secret']);
  return requirePaymentIntent(call.state, pathParam(call, 'id'));
}

/** GET /v1/payment_intents/search: fields amount, created, currency, customer, metadata, status. */
export function searchPaymentIntents({ state, params }: ApiCall) {
  allowOnly(params, SEARCH_PARAMS);
  const query = parseSearchQuery(
    requiredString(params, 'query'),
    ['amount', 'created', 'currency', 'customer', 'metadata', 'status'],
    'payment_intents',
  );
  const matches = newestFirst(state.paymentIntents.values()).filter((paymentIntent) =>
    matchesQuery(query, (clause) =>
      clause.metadataKey === undefined
        ? (paymentIntent[clause.field] as string | number | null)
        : paymentIntent.metadata[clause.metadataKey],
    ),
  );
  return searchResponse(matches, params, '/v1/payment_intents/search');
}
