import { createHash } from 'node:crypto';
import { TenderError } from '../../core/errors.js';

/**
 * Key layout (prefix defaults to "tender"):
 *
 *   <prefix>:idem:{<sha256 of [scope, key]>}:lease   hash {token, fingerprint}, PX = lease
 *   <prefix>:idem:{<sha256 of [scope, key]>}:record  hash {fingerprint, record}, PX = retention
 *   <prefix>:events:{<tenant, URI-encoded>}          stream, field "e" = event JSON
 *
 * The braces are Redis Cluster hash tags: both keys one script touches hash to the same
 * slot (payments-domain.md, "Redis"). Scope and key are caller-supplied, so they are
 * hashed rather than embedded: no brace, colon or length can move the tag or make two
 * (scope, key) pairs share keys. The scope is part of the hash, so one tenant can never
 * reach another's record (IETF idempotency-key draft: scope keys by caller identity).
 */

export interface IdempotencyKeys {
  lease: string;
  record: string;
}

export const DEFAULT_KEY_PREFIX = 'tender';

/** A prefix must not contain braces (it would move the hash tag) or glob characters. */
export function checkKeyPrefix(prefix: string): string {
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(prefix)) {
    throw new TenderError('invalid_argument', 'keyPrefix: use 1-64 of A-Z a-z 0-9 _ . : -', {
      field: 'keyPrefix',
    });
  }
  return prefix;
}

export function idempotencyKeys(prefix: string, scope: string, key: string): IdempotencyKeys {
  const tag = createHash('sha256').update(JSON.stringify([scope, key])).digest('hex');
  const base = `${prefix}:idem:{${tag}}`;
  return { lease: `${base}:lease`, record: `${base}:record` };
}

/** URI encoding is injective and escapes braces and colons, yet keeps plain ids readable. */
export function eventStreamKey(prefix: string, tenant: string): string {
  return `${prefix}:events:{${encodeURIComponent(tenant)}}`;
}
