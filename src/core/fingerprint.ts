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
  let out = '{';
  for (const key of Object.keys(record).sort()) {
    if (key === 'idempotencyKey' || key === '$unknown') continue;
    out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonical(record[key])}`;
  }
  return `${out}}`;
}
