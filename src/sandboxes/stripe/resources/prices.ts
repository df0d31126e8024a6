import { pathParam, type ApiCall } from '../api-call.js';
import { resourceMissing } from '../errors.js';
import { LIST_PARAMS, listResponse } from '../list.js';
import { allowOnly, optionalBoolean, optionalEnum, optionalObject, optionalString } from '../params.js';
import { newId, newestFirst, type StripeState } from '../state.js';
import type { Metadata, WireObject } from '../wire.js';

export type Interval = 'day' | 'week' | 'month' | 'year';

export interface StripeProduct extends WireObject {
  object: 'product';
  name: string;
  active: boolean;
  default_price: string | null;
}

export interface StripePrice extends WireObject {
  object: 'price';
  active: boolean;
  created: number;
  currency: string;
  nickname: string | null;
  product: string;
  unit_amount: number;
  type: 'one_time' | 'recurring';
  recurring: { interval: Interval; interval_count: number; [field: string]: unknown } | null;
  metadata: Metadata;
}

export function buildProduct(fields: { id?: string; name: string; description?: string }, created: number): StripeProduct {
  return {
    id: fields.id ?? newId('prod', 14),
    object: 'product',
    active: true,
    created,
    default_price: null,
    description: fields.description ?? null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: {},
    name: fields.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    type: 'service',
    unit_label: null,
    updated: created,
    url: null,
  };
}

export interface PriceFields {
  id?: string;
  product: string;
  nickname?: string | null;
  unitAmount: number;
  currency: string;
  recurring?: { interval: Interval; intervalCount?: number };
}

export function buildPrice(fields: PriceFields, created: number): StripePrice {
  const recurring = fields.recurring
    ? {
        interval: fields.recurring.interval,
        interval_count: fields.recurring.intervalCount ?? 1,
        meter: null,
        trial_period_days: null,
        usage_type: 'licensed',
      }
    : null;
  return {
    id: fields.id ?? newId('price'),
    object: 'price',
    active: true,
    billing_scheme: 'per_unit',
    created,
    currency: fields.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null,
    metadata: {},
    nickname: fields.nickname ?? null,
    product: fields.product,
    recurring,
    tax_behavior: 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: recurring ? 'recurring' : 'one_time',
    unit_amount: fields.unitAmount,
    // decimal_string fields are JSON strings (processor-wire.md, "Surprises first" 4).
    unit_amount_decimal: String(fields.unitAmount),
  };
}

export function requirePrice(state: StripeState, id: string, param = 'id'): StripePrice {
  const price = state.prices.get(id);
  if (!price) throw resourceMissing('price', id, param);
  return price;
}

export function retrievePrice(call: ApiCall): StripePrice {
  allowOnly(call.params, []);
  return requirePrice(call.state, pathParam(call, 'id'));
}

export function retrieveProduct(call: ApiCall): StripeProduct {
  allowOnly(call.params, []);
  const id = pathParam(call, 'id');
  const product = call.state.products.get(id);
  if (!product) throw resourceMissing('product', id);
  return product;
}

/** GET /v1/prices with the filters Stripe offers: active, type, product, currency, recurring[interval]. */
export function listPrices({ state, params }: ApiCall) {
  allowOnly(params, [...LIST_PARAMS, 'active', 'type', 'product', 'currency', 'recurring', 'lookup_keys', 'created']);
  const active = optionalBoolean(params, 'active');
  const type = optionalEnum(params, 'type', ['one_time', 'recurring']);
  const product = optionalString(params, 'product');
  const currency = optionalString(params, 'currency')?.toLowerCase();
  const interval = optionalObject(params, 'recurring')?.interval;
  const prices = newestFirst(state.prices.values()).filter(
    (price) =>
      (active === undefined || price.active === active) &&
      (type === undefined || price.type === type) &&
      (product === undefined || price.product === product) &&
      (currency === undefined || price.currency === currency) &&
      (interval === undefined || price.recurring?.interval === interval),
  );
  return listResponse(prices, params, '/v1/prices');
}
