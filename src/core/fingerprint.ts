import * as crypto from 'node:crypto';

/**
 * A request's fingerprint for idempotency: the RPC plus the request with the key
 * removed, canonicalized (object keys sorted) so that two encodings of one request,
 * for example map entries in another order, fingerprint alike. Stripe and the IETF
 * idempotency draft both refuse a key reused with a different payload; this is what
 * "different" means here.
 */
export function fingerprint(method: string, request: unknown): string {
  return sha256Hex(`${method}\0${canonical(request)}`);
}

/**
 * One-shot hashing (crypto.hash, Node 20.12+) skips building a Hash object per call;
 * the fallback gives the same digest on older Node 20 releases.
 */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text)
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

/**
 * Plain loops rather than entries/filter/map/join: this runs on every mutating call.
 * The output must never change, or retries across a deploy would stop matching their
 * stored fingerprints. Array#sort orders keys by UTF-16 code units, as before.
 */
function canonical(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonical(value[i]);
    return `${out}]`;
  }
  if (value instanceof Uint8Array) return `b64:${Buffer.from(value).toString('base64')}`;
  const record = value as Record<string, unknown>;
  const fields = fieldsOf(record);
  let out = '{';
  for (let i = 0; i < fields.keys.length; i++) {
    out += `${i === 0 ? '' : ','}${fields.labels[i]}${canonical(record[fields.keys[i]!])}`;
  }
  return `${out}}`;
}

/** A record's keys in canonical order, without the skipped ones, each with its `"key":` label. */
interface Fields {
  keys: readonly string[];
  labels: readonly string[];
}

/**
 * The fields of every message of one type come in the same order (protobuf-es builds
 * them from the descriptor), so their sorted order and labels are kept per type name
 * and reused while a message's own keys are exactly the ones seen. Anything else (a map,
 * a message with another set of keys) is sorted afresh; the result is the same.
 */
const fieldsByType = new Map<string, { seen: readonly string[]; fields: Fields }>();
const MAX_TYPES = 512;

function fieldsOf(record: Record<string, unknown>): Fields {
  const keys = Object.keys(record);
  const typeName = record['$typeName'];
  if (typeof typeName !== 'string') return sortedFields(keys);
  const known = fieldsByType.get(typeName);
  if (known !== undefined && sameKeys(known.seen, keys)) return known.fields;
  const fields = sortedFields(keys.slice());
  if (known !== undefined || fieldsByType.size < MAX_TYPES) fieldsByType.set(typeName, { seen: keys, fields });
  return fields;
}

function sortedFields(keys: string[]): Fields {
  const kept = keys.sort().filter((key) => key !== 'idempotencyKey' && key !== '$unknown');
  return { keys: kept, labels: kept.map((key) => `${JSON.stringify(key)}:`) };
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
