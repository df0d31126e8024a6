import { containsCardNumber, maskCardNumbers } from '../core/card-number.js';

/**
 * Value scrubbing for anything that leaves the process as text: log lines and error
 * details. Redaction by field name (see logger.ts) catches secrets where we expect
 * them; this catches them where we do not (an SDK error message quoting a key, a card
 * number read into a free-text field). Over-masking is the safe failure here.
 */

/** Processor secrets with a recognisable shape. */
const SECRET_PATTERNS: readonly RegExp[] = [
  // Stripe secret and restricted keys (https://docs.stripe.com/keys).
  /(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{8,}/g,
  // Stripe webhook signing secrets.
  /whsec_[A-Za-z0-9+/=]{8,}/g,
  // Adyen API keys: "AQE" followed by a long base64 body.
  /AQE[A-Za-z0-9+/=_.-]{40,}/g,
];

export const SECRET_MASK = '[REDACTED:key]';

/** `text` with card numbers and recognisable secrets masked. */
export function scrubText(text: string): string {
  let scrubbed = maskCardNumbers(text);
  for (const pattern of SECRET_PATTERNS) scrubbed = scrubbed.replace(pattern, SECRET_MASK);
  return scrubbed;
}

/**
 * The same patterns as one alternation without the global flag: one pass over the
 * text instead of one per pattern (this runs on every log line), and no lastIndex state.
 */
const SECRET_TEST = new RegExp(SECRET_PATTERNS.map((pattern) => `(?:${pattern.source})`).join('|'));

/** True when scrubText would change `text`; tests without building the scrubbed copy. */
export function needsScrubbing(text: string): boolean {
  return containsCardNumber(text) || SECRET_TEST.test(text);
}

/**
 * Deep copy of a JSON value with every string scrubbed, and integers that read as a
 * card number masked too (a PAN logged as a number). Keys listed in `keepNumbers`
 * (the log timestamp) are left alone: an epoch in milliseconds has 13 digits.
 */
export function scrubJson(value: unknown, keepNumbers: ReadonlySet<string> = new Set()): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && needsScrubbing(String(value)) ? scrubText(String(value)) : value;
  }
  if (Array.isArray(value)) return value.map((item) => scrubJson(item));
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[scrubText(key)] = keepNumbers.has(key) && typeof item === 'number' ? item : scrubJson(item);
    }
    return copy;
  }
  return value;
}
