import { invalidRequest, missingParam, unknownParam } from './errors.js';
import type { FormObject, FormValue } from './form.js';
import type { Metadata } from './wire.js';

/**
 * Typed reads of form parameters with Stripe's validation wording. Stripe treats an
 * empty string as "unset", which is also what stripe-node sends for `null`.
 */

/** Refuses parameters the endpoint does not know, as Stripe does (parameter_unknown). */
export function allowOnly(params: FormObject, allowed: readonly string[]): void {
  for (const name of Object.keys(params)) {
    if (name !== 'expand' && !allowed.includes(name)) throw unknownParam(name);
  }
}

export function optionalString(params: FormObject, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw invalidRequest(`Invalid string: ${name}`, { param: name });
  return value;
}

export function requiredString(params: FormObject, name: string): string {
  const value = optionalString(params, name);
  if (value === undefined) throw missingParam(name);
  return value;
}

export function optionalInteger(params: FormObject, name: string): number | undefined {
  const text = optionalString(params, name);
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text)) {
    throw invalidRequest(`Invalid integer: ${text}`, { code: 'parameter_invalid_integer', param: name });
  }
  return Number(text);
}

export function requiredInteger(params: FormObject, name: string): number {
  const value = optionalInteger(params, name);
  if (value === undefined) throw missingParam(name);
  return value;
}

export function optionalBoolean(params: FormObject, name: string): boolean | undefined {
  const text = optionalString(params, name);
  if (text === undefined) return undefined;
  if (text !== 'true' && text !== 'false') {
    throw invalidRequest(`Invalid boolean: ${text}`, { code: 'parameter_invalid_boolean', param: name });
  }
  return text === 'true';
}

export function optionalEnum<T extends string>(
  params: FormObject,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const text = optionalString(params, name);
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text)) {
    throw invalidRequest(`Invalid ${name}: must be one of ${listWords(allowed)}`, { param: name });
  }
  return text as T;
}

export function optionalObject(params: FormObject, name: string): FormObject | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string') throw invalidRequest(`Invalid object: ${name}`, { param: name });
  return Array.isArray(value) ? indexedObject(value) : value;
}

export function optionalArray(params: FormObject, name: string): FormValue[] | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  if (!Array.isArray(value)) throw invalidRequest(`Invalid array: ${name}`, { param: name });
  return value;
}

/** The `expand` list; stripe-node writes `expand[0]=`, other clients `expand[]=`. */
export function expandPaths(params: FormObject): string[] {
  const value = params.expand;
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((path) => {
    if (typeof path !== 'string') throw invalidRequest('Invalid array: expand', { param: 'expand' });
    return path;
  });
}

/**
 * Applies `metadata[k]=v` to existing metadata: an empty value deletes the key, and
 * `metadata=` clears it all. Limits per docs.stripe.com/metadata (50 keys, 40-character
 * keys, 500-character values).
 */
export function mergeMetadata(existing: Metadata, params: FormObject, name = 'metadata'): Metadata {
  if (params[name] === '') return {};
  const input = optionalObject(params, name);
  if (!input) return { ...existing };
  const merged: Metadata = { ...existing };
  for (const [key, value] of Object.entries(input)) {
    if (typeof value !== 'string') throw invalidRequest(`Invalid string: ${name}[${key}]`, { param: `${name}[${key}]` });
    if (key.length > 40) throw invalidRequest(`Metadata keys can have up to 40 characters.`, { param: `${name}[${key}]` });
    if (value.length > 500) throw invalidRequest(`Metadata values can have up to 500 characters.`, { param: `${name}[${key}]` });
    if (value === '') delete merged[key];
    else merged[key] = value;
  }
  if (Object.keys(merged).length > 50) throw invalidRequest('Metadata can have up to 50 keys.', { param: name });
  return merged;
}

function indexedObject(values: FormValue[]): FormObject {
  return Object.fromEntries(values.map((value, index) => [String(index), value]));
}

function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')}, or ${words[words.length - 1]}`;
}
