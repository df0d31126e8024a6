/**
 * Stripe's search query language (docs.stripe.com/search#search-query-language) quotes
 * string values; a quote or backslash inside one must be escaped.
 */
export function searchValue(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}
