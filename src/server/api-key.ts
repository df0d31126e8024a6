import * as crypto from 'node:crypto';
import type * as grpc from '@grpc/grpc-js';

/**
 * API keys travel as gRPC metadata and are stored only as SHA-256 digests: a leaked
 * configuration does not leak a usable key.
 */

export function hashApiKey(key: string): string {
  return crypto.createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * The SHA-256 digest of a presented key, once per call. One-shot hashing (crypto.hash,
 * Node 20.12+) skips building a Hash object, the larger part of the cost; the fallback
 * gives the same digest on older Node 20 releases.
 */
const sha256Digest: (text: string) => Buffer =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'buffer')
    : (text) => crypto.createHash('sha256').update(text, 'utf8').digest();

/**
 * The key a call presents: `authorization: Bearer <key>` (RFC 6750 section 2.1) or
 * `x-api-key: <key>`. Undefined when neither is present or the authorization header
 * is not a bearer token. When both are sent, authorization wins.
 */
export function presentedApiKey(metadata: grpc.Metadata): string | undefined {
  const authorization = firstString(metadata, 'authorization');
  if (authorization !== undefined) {
    const bearer = /^Bearer +(\S+) *$/i.exec(authorization);
    return bearer?.[1];
  }
  const key = firstString(metadata, 'x-api-key')?.trim();
  return key ? key : undefined;
}

function firstString(metadata: grpc.Metadata, key: string): string | undefined {
  const [value] = metadata.get(key);
  return typeof value === 'string' ? value : undefined;
}

/**
 * Finds the entry whose digest matches `key`. Every entry is compared, each in
 * constant time, so the time taken says nothing about which entry (if any) matched.
 */
export function matchApiKey<T extends { sha256: string }>(entries: readonly T[], key: string): T | undefined {
  const presented = sha256Digest(key);
  let match: T | undefined;
  for (const entry of entries) {
    const stored = storedDigest(entry);
    const equal = stored.length === presented.length && crypto.timingSafeEqual(stored, presented);
    if (equal && match === undefined) match = entry;
  }
  return match;
}

/** Each entry's digest as bytes, decoded once rather than on every call it authenticates. */
const storedDigests = new WeakMap<object, Buffer>();

function storedDigest(entry: { sha256: string }): Buffer {
  let digest = storedDigests.get(entry);
  if (digest === undefined) {
    digest = Buffer.from(entry.sha256, 'hex');
    storedDigests.set(entry, digest);
  }
  return digest;
}
