import { answer, type ApiCall, type ApiResult } from '../api-call.js';
import { issue, notFound, validationFailure, type ValidationIssue } from '../errors.js';
import type { Params } from '../params.js';
import type { SandboxCustomer } from '../records.js';
import { randomId, type BraintreeState } from '../state.js';
import { consumeNonce, nonceIssue, resolveNonce } from '../test-nonces.js';
import { XmlArray, type XmlObject } from '../xml.js';
import { cardsOf, renderCreditCard, vaultCard } from './credit-cards.js';
import { matchesSearch, searchOf, searchPage, searchResults } from './search.js';

const SCOPE = ['customer'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * POST /customers. An id may be chosen by the caller (letters, digits, - and _, at most
 * 36 characters, never "all" or "new"); a taken id is refused with 91609, which is what
 * lets a client use a deterministic id as an idempotency fence. A nonce, directly or
 * under `credit_card`, vaults a card as the customer's default.
 */
export function createCustomer(call: ApiCall): ApiResult {
  const { state } = call;
  const params = call.body.child('customer');
  const cardParams = params.child('credit_card');
  const nonce = params.string('payment_method_nonce') ?? cardParams.string('payment_method_nonce');
  const issues = customerIssues(state, params);
  const resolved = nonce === undefined ? undefined : resolveNonce(state, nonce);
  if (resolved && 'problem' in resolved) issues.push(nonceIssue(resolved.problem, 'customer'));
  if (issues.length > 0) throw validationFailure(issues, call.body.raw());

  const customer = createCustomerRecord(state, {
    ...optional('id', params.string('id')),
    firstName: params.string('first_name') ?? '',
    lastName: params.string('last_name') ?? '',
    company: params.string('company') ?? '',
    email: params.string('email') ?? '',
    phone: params.string('phone') ?? '',
    customFields: customFieldsOf(params),
  });
  if (resolved && 'card' in resolved) {
    const token = cardParams.string('token');
    vaultCard(state, customer.id, resolved.card, token === undefined ? {} : { token });
    consumeNonce(state, nonce ?? '');
  }
  return answer('customer', renderCustomer(state, customer), 201);
}

type CustomerFields = Partial<Omit<SandboxCustomer, 'createdAt' | 'updatedAt'>>;

/** Stores a customer; Braintree gives one created without an id a numeric one. */
export function createCustomerRecord(state: BraintreeState, fields: CustomerFields): SandboxCustomer {
  const now = state.clock.now();
  const customer: SandboxCustomer = {
    id: fields.id ?? randomId(9, '0123456789'),
    firstName: fields.firstName ?? '',
    lastName: fields.lastName ?? '',
    company: fields.company ?? '',
    email: fields.email ?? '',
    phone: fields.phone ?? '',
    customFields: fields.customFields ?? {},
    createdAt: now,
    updatedAt: now,
  };
  state.customers.set(customer.id, customer);
  return customer;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

export function findCustomer(call: ApiCall): ApiResult {
  return answer('customer', renderCustomer(call.state, customerOf(call.state, call.pathParams.id ?? '')));
}

export function searchCustomerIds(call: ApiCall): ApiResult {
  return answer('search-results', searchResults(matchingCustomers(call).map((c) => c.id)));
}

export function searchCustomers(call: ApiCall): ApiResult {
  const page = matchingCustomers(call).map((c) => renderCustomer(call.state, c));
  return answer('customers', searchPage('customer', page));
}

export function customerOf(state: BraintreeState, id: string): SandboxCustomer {
  const customer = state.customers.get(id);
  if (!customer) throw notFound();
  return customer;
}

function matchingCustomers(call: ApiCall): SandboxCustomer[] {
  const search = searchOf(call.body);
  return [...call.state.customers.values()].filter((customer) =>
    matchesSearch(search, (field) => {
      if (field === 'payment_method_token') return cardsOf(call.state, customer.id).map((card) => card.token);
      const fields: Record<string, string> = {
        id: customer.id,
        first_name: customer.firstName,
        last_name: customer.lastName,
        company: customer.company,
        email: customer.email,
        phone: customer.phone,
      };
      return fields[field];
    }),
  );
}

function customerIssues(state: BraintreeState, params: Params): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const id = params.string('id');
  if (id !== undefined) {
    if (!/^[A-Za-z0-9_-]+$/.test(id)) {
      issues.push(issue(SCOPE, '91610', 'id', 'Customer ID is invalid (use only letters, numbers, "-", and "_").'));
    } else if (id.length > 36) {
      issues.push(issue(SCOPE, '91612', 'id', 'Customer ID is too long.'));
    } else if (id === 'all' || id === 'new') {
      issues.push(issue(SCOPE, '91611', 'id', 'Customer ID is not allowed.'));
    } else if (state.customers.has(id)) {
      issues.push(issue(SCOPE, '91609', 'id', 'Customer ID has already been taken.'));
    }
  }
  const email = params.string('email');
  if (email && email.length > 255) issues.push(issue(SCOPE, '81605', 'email', 'Email is too long.'));
  else if (email && !EMAIL.test(email)) issues.push(issue(SCOPE, '81604', 'email', 'Email is an invalid format.'));
  const tooLong: Array<[string, string, string]> = [
    ['first_name', '81608', 'First name is too long.'],
    ['last_name', '81613', 'Last name is too long.'],
    ['company', '81601', 'Company is too long.'],
    ['phone', '81614', 'Phone is too long.'],
  ];
  for (const [field, code, message] of tooLong) {
    if ((params.string(field) ?? '').length > 255) issues.push(issue(SCOPE, code, field, message));
  }
  const fields = params.child('custom_fields');
  for (const name of fields.keys()) {
    if (!state.customFields.has(name)) issues.push(issue(SCOPE, '91602', 'custom_fields', `Custom field is invalid: ${name}.`));
    else if ((fields.string(name) ?? '').length > 255) issues.push(issue(SCOPE, '81603', 'custom_fields', 'Custom field is too long.'));
  }
  return issues;
}

function customFieldsOf(params: Params): Record<string, string> {
  const fields = params.child('custom_fields');
  return Object.fromEntries(fields.keys().map((name) => [name, fields.string(name) ?? '']));
}

export function renderCustomer(state: BraintreeState, customer: SandboxCustomer): XmlObject {
  const cards = cardsOf(state, customer.id).map((card) => renderCreditCard(state, card));
  return {
    id: customer.id,
    'merchant-id': state.merchantId,
    'first-name': customer.firstName || null,
    'last-name': customer.lastName || null,
    company: customer.company || null,
    email: customer.email || null,
    phone: customer.phone || null,
    fax: null,
    website: null,
    'created-at': customer.createdAt,
    'updated-at': customer.updatedAt,
    'custom-fields': Object.keys(customer.customFields).length > 0 ? customer.customFields : '',
    'credit-cards': new XmlArray('credit-card', cards),
    addresses: new XmlArray('address', []),
    'paypal-accounts': new XmlArray('paypal-account', []),
    'apple-pay-cards': new XmlArray('apple-pay-card', []),
    'android-pay-cards': new XmlArray('android-pay-card', []),
    'venmo-accounts': new XmlArray('venmo-account', []),
    'us-bank-accounts': new XmlArray('us-bank-account', []),
  };
}
