import { createHash } from 'node:crypto';

/**
 * A request's fingerprint for idempotency: the RPC plus the request with the key
 * removed, canonicalized (object keys sorted) so that two encodings of one request,
 * for example map entries in another order, fingerprint alike. Stripe and the IETF
 * idempotency draft both refuse a key reused with a different payload; this is what
 * "different" means here.
 */
export function fingerprint(method: string, request: unknown): string {
  return createHash('sha256').update(method).update('\0').update(canonical(request)).digest('hex');
}

function canonical(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value instanceof Uint8Array) return `b64:${Buffer.from(value).toString('base64')}`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([key]) => key !== 'idempotencyKey' && key !== '$unknown')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
}
