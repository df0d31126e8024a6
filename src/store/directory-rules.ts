import { containsCardNumber, maskCardNumbers } from '../core/card-number.js';
import { TenderError, invalidField } from '../core/errors.js';
import type { DirectoryCustomer } from './customer-directory.js';

/**
 * What both directory implementations check and how they compare, so that memory and
 * Redis accept, index and order customers the same way (store-contract-directory.ts).
 */

const FIELDS: ReadonlySet<string> = new Set(['id', 'name', 'email', 'phone', 'createdAt', 'metadata']);
/** ITU-T E.164: "+", a non-zero country digit, at most 15 digits in all. */
const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * A copy of `customer` holding exactly the directory's fields, or invalid_argument.
 * The type already forbids other fields, but TypeScript lets a wider object through a
 * variable, so the fields are checked at run time too: a stray property (a card, a
 * token) is refused rather than stored. Strings that look like a card number are
 * refused as well, naming the field and never the value: card data must never reach
 * the store (notes/common.md; the API's request guard refuses them first).
 */
export function checkedCustomer(customer: DirectoryCustomer): DirectoryCustomer {
  if (typeof customer !== 'object' || customer === null) throw invalidField('customer', 'must be an object');
  const stray = Object.keys(customer).filter((key) => !FIELDS.has(key));
  if (stray.length > 0) {
    const named = maskCardNumbers(stray.map((key) => JSON.stringify(key)).join(', '));
    throw invalidField('customer', `unexpected field ${named}; only ${[...FIELDS].join(', ')} are allowed`);
  }
  const { id, name, email, phone, createdAt, metadata } = customer;
  checkId('customer.id', id);
  for (const [field, value] of [['customer.name', name], ['customer.email', email]] as const) {
    if (typeof value !== 'string') throw invalidField(field, 'must be a string');
    refuseCardNumber(field, value);
  }
  if (typeof phone !== 'string' || (phone !== '' && !E164.test(phone))) {
    throw invalidField('customer.phone', 'must be E.164 (+ and up to 15 digits) or empty');
  }
  if (typeof createdAt !== 'number' || !Number.isFinite(createdAt)) {
    throw invalidField('customer.createdAt', 'must be epoch milliseconds');
  }
  return { id, name, email, phone, createdAt, metadata: checkedMetadata(metadata) };
}

/**
 * An account or customer id. Empty is refused: the Redis layout puts the account inside
 * a hash tag, and an empty tag ("{}") would scatter one account's keys over the cluster.
 */
export function checkId(field: string, id: string): string {
  if (typeof id !== 'string' || id === '') throw invalidField(field, 'must be a non-empty string');
  return id;
}

/** The form an email is indexed and looked up by: case-insensitive, as the interface promises. */
export function emailIndexValue(email: string): string {
  return email.toLowerCase();
}

/** True when `customer` is what a lookup for this phone or (any-case) email must return. */
export function matchesPhone(customer: DirectoryCustomer, phone: string): boolean {
  return phone !== '' && customer.phone === phone;
}

export function matchesEmail(customer: DirectoryCustomer, email: string): boolean {
  return email !== '' && emailIndexValue(customer.email) === emailIndexValue(email);
}

/** Lookup results in a stable order, oldest first, then by id: sets have no order of their own. */
export function inDirectoryOrder(customers: DirectoryCustomer[]): DirectoryCustomer[] {
  return customers.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function checkedMetadata(metadata: unknown): Record<string, string> {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw invalidField('customer.metadata', 'must be a map of strings');
  }
  const entries = Object.entries(metadata);
  for (const [key, value] of entries) {
    if (typeof value !== 'string') throw invalidField('customer.metadata', 'must be a map of strings');
    refuseCardNumber('customer.metadata key', key);
    refuseCardNumber(`customer.metadata[${JSON.stringify(key)}]`, value);
  }
  // fromEntries defines own properties, so a "__proto__" key stays data, never a prototype.
  return Object.fromEntries(entries) as Record<string, string>;
}

function refuseCardNumber(field: string, value: string): void {
  if (containsCardNumber(value)) {
    const problem = 'looks like a card number; the directory never holds card data';
    throw new TenderError('invalid_argument', `${field}: ${problem}`, { field });
  }
}
