import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { invalidField } from './errors.js';

/**
 * Normalizes a caller's number to E.164 so that "(415) 555-0123", "415.555.0123" and
 * "+1 415 555 0123" find the same customer. Numbers without a country code are read in
 * the configured default region. The "max" metadata validates number ranges, not only
 * lengths, so a typo is refused instead of matching nobody silently.
 */
export function normalizePhone(field: string, input: string, defaultRegion: string): string {
  const trimmed = input.trim();
  if (trimmed === '') throw invalidField(field, 'required');
  if (trimmed.length > 40) throw invalidField(field, 'must be at most 40 characters');
  const parsed = parsePhoneNumberFromString(trimmed, defaultRegion as CountryCode);
  if (!parsed || !parsed.isValid()) {
    throw invalidField(field, `not a valid phone number (default region ${defaultRegion})`);
  }
  return parsed.number;
}

/** Best effort for numbers read back from a processor: E.164 when parseable. */
export function tryNormalizePhone(input: string, defaultRegion: string): string {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultRegion as CountryCode);
  return parsed?.isPossible() ? parsed.number : input;
}
