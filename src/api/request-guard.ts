import { containsCardNumber } from '../core/card-number.js';
import { TenderError, invalidField } from '../core/errors.js';

/**
 * Checks every string in a request before any handler sees it:
 * - a value that looks like a card number (13-19 digits, spaces or dashes allowed,
 *   Luhn-valid) is refused, because card data must never enter Tender (PCI DSS
 *   boundary, payments-domain.md). The message names the field and never echoes the
 *   value;
 * - strings are bounded, and metadata maps are bounded in entries and sizes (the same
 *   bounds Stripe applies, so a request Tender accepts is one every processor accepts).
 * It walks the decoded message generically, so a field added to the contract later is
 * covered without anyone remembering to add it here.
 *
 * The one exception is `idempotency_key`: clients often build keys from timestamps,
 * counters or UUIDs, whose digit runs pass the Luhn check one time in ten, and the key
 * never leaves Tender in clear (Redis keeps only a hash of it, processors get a derived key,
 * logs never include it), so refusing it would fail honest calls and protect nothing.
 */
const DEFAULT_MAX = 1000;
const FIELD_MAX: Readonly<Record<string, number>> = {
  idempotency_key: 255,
  name: 200,
  email: 254,
  phone: 40,
  description: 500,
  note: 500,
};
const METADATA_MAX_ENTRIES = 20;
const METADATA_KEY_MAX = 40;
const METADATA_VALUE_MAX = 500;

export function guardRequest(message: object): void {
  walk(message as Record<string, unknown>, '');
}

/**
 * Runs on every request, so field names (`amount.currency`, `metadata["note"]`) are
 * built only for a refusal, and keys are listed without entry pairs.
 */
function walk(node: Record<string, unknown>, prefix: string): void {
  const keys = Object.keys(node);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key.startsWith('$')) continue;
    const value = node[key];
    const name = snake(key);
    if (typeof value === 'string') {
      if (prefix === '' && name === 'idempotency_key') {
        if (value.length > FIELD_MAX[name]!) refuse(name, 'long', FIELD_MAX[name]!);
      } else {
        const max = FIELD_MAX[name] ?? DEFAULT_MAX;
        const problem = stringProblem(value, max);
        if (problem) refuse(prefix + name, problem, max);
      }
    }
    else if (Array.isArray(value)) value.forEach((item, j) => checkItem(`${prefix}${name}[${j}]`, item));
    else if (isMessage(value)) walk(value, `${prefix}${name}.`);
    else if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
      checkMap(prefix + name, value as Record<string, unknown>);
    }
  }
}

function checkItem(field: string, item: unknown): void {
  if (typeof item === 'string') {
    const problem = stringProblem(item, DEFAULT_MAX);
    if (problem) refuse(field, problem, DEFAULT_MAX);
  }
  else if (isMessage(item)) walk(item, `${field}.`);
}

function checkMap(field: string, map: Record<string, unknown>): void {
  const keys = Object.keys(map);
  if (keys.length > METADATA_MAX_ENTRIES) throw invalidField(field, `at most ${METADATA_MAX_ENTRIES} entries`);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const keyProblem = stringProblem(key, METADATA_KEY_MAX);
    if (keyProblem) refuse(`${field} key`, keyProblem, METADATA_KEY_MAX);
    const value = map[key];
    if (typeof value === 'string') {
      const problem = stringProblem(value, METADATA_VALUE_MAX);
      if (problem) refuse(`${field}[${JSON.stringify(key)}]`, problem, METADATA_VALUE_MAX);
    }
    else if (isMessage(value)) walk(value, `${field}[${JSON.stringify(key)}].`);
  }
}

type StringProblem = 'long' | 'card';

/** What is wrong with a string value, checked in this order: its length, then a card number in it. */
function stringProblem(value: string, max: number): StringProblem | undefined {
  if (value.length > max) return 'long';
  return containsCardNumber(value) ? 'card' : undefined;
}

function refuse(field: string, problem: StringProblem, max: number): never {
  if (problem === 'long') throw invalidField(field, `must be at most ${max} characters`);
  throw new TenderError(
    'invalid_argument',
    `${field}: looks like a card number; card data must never be sent to Tender (use a payment link)`,
    { field },
  );
}

function isMessage(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && '$typeName' in value;
}

/** Field names come from the generated messages, so the cache holds one entry per field of the contract. */
const snakeNames = new Map<string, string>();

function snake(name: string): string {
  let snakeName = snakeNames.get(name);
  if (snakeName === undefined) {
    snakeName = name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
    snakeNames.set(name, snakeName);
  }
  return snakeName;
}
