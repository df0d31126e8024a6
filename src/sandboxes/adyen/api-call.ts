import { invalidMerchantAccount, validation } from './errors.js';
import type { NotificationOutbox } from './notifications.js';
import type { AdyenState, Amount } from './state.js';

/** What a route handler receives: the parsed JSON body, the query and the `{id}` parts of the path. */
export interface AdyenCall {
  state: AdyenState;
  notifications: NotificationOutbox;
  body: Record<string, unknown>;
  query: URLSearchParams;
  pathParams: Record<string, string>;
}

export interface HandlerResult {
  status: number;
  body: unknown;
}

/** Returns the response, or throws an AdyenFailure. Runs synchronously, so state never interleaves. */
export type AdyenHandler = (call: AdyenCall) => HandlerResult;

export function pathParam(call: AdyenCall, name: string): string {
  return call.pathParams[name] ?? '';
}

export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw validation('00_422', `Field '${field}' must be a string.`);
  return value;
}

export function optionalObject(body: Record<string, unknown>, field: string): Record<string, unknown> | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw validation('00_422', `Field '${field}' must be an object.`);
  }
  return value as Record<string, unknown>;
}

/** Every call names the merchant account; one the API key cannot use is refused (901). */
export function requireMerchantAccount(call: AdyenCall, given?: string): string {
  const merchantAccount = given ?? optionalString(call.body, 'merchantAccount');
  if (merchantAccount !== call.state.merchantAccount) throw invalidMerchantAccount();
  return merchantAccount;
}

/** ISO 4217 codes with no minor unit or three; everything else here has two. */
const ACCEPTED_CURRENCY = /^[A-Z]{3}$/;

export function requireAmount(body: Record<string, unknown>): Amount {
  const amount = optionalObject(body, 'amount');
  if (!amount) throw validation('100', "Required object 'amount' is not provided.");
  const { currency, value } = amount;
  if (typeof currency !== 'string' || !ACCEPTED_CURRENCY.test(currency)) {
    throw validation('138', 'Unsupported currency specified');
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw validation('137', 'Invalid amount specified');
  }
  return { currency, value };
}

/** Adyen's references: required where named, at most 80 characters. */
export function requireReference(body: Record<string, unknown>): string {
  const reference = optionalString(body, 'reference');
  if (!reference) throw validation('130', "Required field 'reference' is not provided.");
  if (reference.length > 80) throw validation('00_422', "Field 'reference' is longer than 80 characters.");
  return reference;
}

/** `metadata`: up to 20 string entries, keys up to 20 and values up to 80 characters. */
export function optionalMetadata(body: Record<string, unknown>): Record<string, string> | undefined {
  const metadata = optionalObject(body, 'metadata');
  if (!metadata) return undefined;
  const entries = Object.entries(metadata);
  const valid =
    entries.length <= 20 &&
    entries.every(([key, value]) => key.length <= 20 && typeof value === 'string' && value.length <= 80);
  if (!valid) {
    throw validation('00_422', "Field 'metadata' allows 20 entries, keys of 20 and values of 80 characters.");
  }
  return metadata as Record<string, string>;
}
