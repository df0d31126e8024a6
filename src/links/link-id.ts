import { randomBytes } from 'node:crypto';

/**
 * A Tender-held link's id. It is the page's only credential: whoever has the URL may pay
 * it, so it is 128 random bits (OWASP's guidance for session identifiers: at least 64
 * bits of entropy), written as 22 base64url characters, which fit a URL path segment,
 * a Redis hash tag and Tender's local-id syntax (src/core/ids.ts) unchanged.
 */
export function newLinkId(): string {
  return randomBytes(16).toString('base64url');
}
