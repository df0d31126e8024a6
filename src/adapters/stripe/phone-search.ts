import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { searchValue } from './search-syntax.js';

/**
 * Stripe's customer search matches `phone` against the stored string exactly
 * (docs.stripe.com/search#query-fields-for-customers), and Stripe stores whatever was
 * typed: "(415) 555-0111" from the dashboard, "+14155550111" from an API. So a number is
 * searched in the renderings people commonly type, in one query joined with OR, and the
 * adapter then keeps only customers whose number normalizes to the one searched.
 */

/** Stripe allows at most 10 clauses in one search query (docs.stripe.com/search#search-syntax). */
export const MAX_SEARCH_CLAUSES = 10;

/**
 * The common renderings of an E.164 number, E.164 first: international with spaces or
 * dashes ("+1 415 555 0111", "+1 415-555-0111"), and, when the number belongs to the
 * region the adapter reads numbers without a country code in, the national forms
 * ("(415) 555-0111", "415-555-0111", "4155550111", "415.555.0111", "415 555 0111").
 * A national form of another country's number would be read back as a number of the
 * adapter's region, so it could never match. At most MAX_SEARCH_CLAUSES, no repeats.
 */
export function phoneRenderings(e164: string, phoneRegion: string): string[] {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return [e164];
  const callingCode = `+${parsed.countryCallingCode}`;
  const international = parsed.formatInternational();
  const groups = digitGroups(international.slice(callingCode.length));
  const renderings = [e164, international, `${callingCode} ${groups.join('-')}`];
  if (sameCallingCode(phoneRegion, parsed.countryCallingCode)) {
    const national = parsed.formatNational();
    const nationalGroups = digitGroups(national);
    renderings.push(
      national,
      nationalGroups.join('-'),
      nationalGroups.join(''),
      nationalGroups.join('.'),
      nationalGroups.join(' '),
    );
  }
  return [...new Set(renderings)].slice(0, MAX_SEARCH_CLAUSES);
}

/** One Stripe search query matching any rendering of the number. */
export function phoneSearchQuery(e164: string, phoneRegion: string): string {
  return phoneRenderings(e164, phoneRegion)
    .map((rendering) => `phone:${searchValue(rendering)}`)
    .join(' OR ');
}

function digitGroups(text: string): string[] {
  return text.match(/\d+/g) ?? [];
}

function sameCallingCode(region: string, callingCode: string): boolean {
  try {
    return getCountryCallingCode(region as CountryCode) === callingCode;
  } catch {
    return false;
  }
}
