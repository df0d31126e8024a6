import { pathParam, type ApiCall } from '../api-call.js';
import { invalidRequest, resourceMissing } from '../errors.js';
import type { FormObject } from '../form.js';
import { LIST_PARAMS, SEARCH_PARAMS, listResponse, searchResponse } from '../list.js';
import { allowOnly, mergeMetadata, optionalObject, optionalString, requiredString } from '../params.js';
import { newId, newestFirst, type StripeState } from '../state.js';
import type { Metadata, WireObject } from '../wire.js';
import { attachPaymentMethod, requireOwnedPaymentMethod } from './payment-methods.js';
import { matchesQuery, parseSearchQuery } from './search-query.js';

export interface StripeCustomer extends WireObject {
  object: 'customer';
  created: number;
  name: string | null;
  email: string | null;
  phone: string | null;
  description: string | null;
  metadata: Metadata;
  balance: number;
  currency: string | null;
  invoice_prefix: string;
  next_invoice_sequence: number;
  invoice_settings: { default_payment_method: string | null; [field: string]: unknown };
}

export interface CustomerFields {
  id?: string;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  description?: string | null;
  metadata?: Metadata;
}

export function buildCustomer(fields: CustomerFields, created: number): StripeCustomer {
  return {
    id: fields.id ?? newId('cus', 14),
    object: 'customer',
    address: null,
    balance: 0,
    created,
    currency: null,
    customer_account: null,
    default_source: null,
    delinquent: false,
    description: fields.description ?? null,
    discount: null,
    email: fields.email ?? null,
    invoice_prefix: newId('x', 8).slice(2).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: fields.metadata ?? {},
    name: fields.name ?? null,
    next_invoice_sequence: 1,
    phone: fields.phone ?? null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  };
}

/** A customer referenced by id; `param` names the parameter that referenced it. */
export function requireCustomer(state: StripeState, id: string, param = 'id'): StripeCustomer {
  const customer = state.customers.get(id);
  if (!customer) throw resourceMissing('customer', id, param);
  return customer;
}

const CUSTOMER_FIELDS = ['name', 'email', 'phone', 'description'] as const;
const WRITABLE = [...CUSTOMER_FIELDS, 'metadata', 'invoice_settings', 'payment_method'];

export function createCustomer({ state, params }: ApiCall): StripeCustomer {
  allowOnly(params, WRITABLE);
  const customer = buildCustomer(
    { ...readFields(params), metadata: mergeMetadata({}, params) },
    state.clock.now(),
  );
  state.customers.set(customer.id, customer);
  const paymentMethod = optionalString(params, 'payment_method');
  if (paymentMethod) attachPaymentMethod(state, paymentMethod, customer.id, 'payment_method');
  applyInvoiceSettings(state, customer, params);
  return customer;
}

export function retrieveCustomer(call: ApiCall): WireObject {
  allowOnly(call.params, []);
  const id = pathParam(call, 'id');
  if (call.state.deletedCustomerIds.has(id)) return deletedCustomer(id);
  return requireCustomer(call.state, id);
}

export function updateCustomer(call: ApiCall): StripeCustomer {
  const { state, params } = call;
  allowOnly(params, WRITABLE.filter((name) => name !== 'payment_method'));
  const customer = requireCustomer(state, pathParam(call, 'id'));
  Object.assign(customer, readFields(params));
  customer.metadata = mergeMetadata(customer.metadata, params);
  applyInvoiceSettings(state, customer, params);
  return customer;
}

export function deleteCustomer(call: ApiCall): WireObject {
  const { state } = call;
  const customer = requireCustomer(state, pathParam(call, 'id'));
  state.customers.delete(customer.id);
  state.deletedCustomerIds.add(customer.id);
  for (const paymentMethod of state.paymentMethods.values()) {
    if (paymentMethod.customer === customer.id) paymentMethod.customer = null;
  }
  return deletedCustomer(customer.id);
}

export function listCustomers({ state, params }: ApiCall) {
  allowOnly(params, [...LIST_PARAMS, 'email']);
  const email = optionalString(params, 'email');
  const customers = newestFirst(state.customers.values()).filter((customer) => !email || customer.email === email);
  return listResponse(customers, params, '/v1/customers');
}

/** GET /v1/customers/search: fields email, name, phone, metadata (docs.stripe.com/search). */
export function searchCustomers({ state, params }: ApiCall) {
  allowOnly(params, SEARCH_PARAMS);
  const query = parseSearchQuery(requiredString(params, 'query'), ['email', 'name', 'phone', 'metadata', 'created'], 'customers');
  const matches = newestFirst(state.customers.values()).filter((customer) =>
    matchesQuery(query, (clause) =>
      clause.metadataKey === undefined
        ? (customer[clause.field] as string | number | null)
        : customer.metadata[clause.metadataKey],
    ),
  );
  return searchResponse(matches, params, '/v1/customers/search');
}

function deletedCustomer(id: string): WireObject {
  return { id, object: 'customer', deleted: true };
}

function readFields(params: FormObject): Partial<CustomerFields> {
  const fields: Partial<CustomerFields> = {};
  for (const name of CUSTOMER_FIELDS) {
    if (params[name] !== undefined) fields[name] = optionalString(params, name) ?? null;
  }
  return fields;
}

/** `invoice_settings[default_payment_method]` must name a PaymentMethod attached to this customer. */
function applyInvoiceSettings(state: StripeState, customer: StripeCustomer, params: FormObject): void {
  const settings = optionalObject(params, 'invoice_settings');
  if (!settings || settings.default_payment_method === undefined) return;
  const id = settings.default_payment_method;
  if (typeof id !== 'string') throw invalidRequest('Invalid string: default_payment_method');
  customer.invoice_settings.default_payment_method =
    id === '' ? null : requireOwnedPaymentMethod(state, id, customer.id, 'invoice_settings[default_payment_method]').id;
}
