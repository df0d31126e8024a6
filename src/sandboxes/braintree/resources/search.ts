import { Params } from '../params.js';
import { XmlArray, XmlCollection, type XmlObject, type XmlValue } from '../xml.js';

/**
 * Braintree's advanced search, as the SDK sends it (lib/braintree/advanced_search.js):
 * `{"search": {"phone": {"is": "..."}, "ids": ["a", "b"], "days_past_due": {"min": "1"}}}`.
 * Text nodes take is / is_not / starts_with / ends_with / contains (case-insensitive),
 * multiple-value nodes an array, range nodes is / min / max. A search is two requests:
 * `advanced_search_ids` answers the matching ids, then `advanced_search` answers the
 * objects for a page of those ids (the SDK repeats the criteria with `ids` added).
 */
export type SearchableValue = string | number | null | undefined | readonly string[];

/** The value of one search field on one record; undefined for a field the resource lacks. */
export type FieldReader = (field: string) => SearchableValue;

export const PAGE_SIZE = 50;

export function matchesSearch(search: Params, read: FieldReader): boolean {
  return search.keys().every((field) => matchesField(search, field, read(field === 'ids' ? 'id' : field)));
}

function matchesField(search: Params, field: string, value: SearchableValue): boolean {
  if (value === undefined) return false;
  const values = (Array.isArray(value) ? value : [value]) as Array<string | number | null>;
  const wanted = search.strings(field);
  if (Array.isArray(search.raw()[field])) return values.some((v) => v !== null && (wanted ?? []).includes(String(v)));
  const node = search.child(field);
  return values.some((v) => v !== null && matchesNode(node, v));
}

function matchesNode(node: Params, value: string | number): boolean {
  const text = String(value).toLowerCase();
  const checks: Record<string, (operand: string) => boolean> = {
    is: (operand) => (typeof value === 'number' ? value === Number(operand) : text === operand.toLowerCase()),
    is_not: (operand) => text !== operand.toLowerCase(),
    starts_with: (operand) => text.startsWith(operand.toLowerCase()),
    ends_with: (operand) => text.endsWith(operand.toLowerCase()),
    contains: (operand) => text.includes(operand.toLowerCase()),
    min: (operand) => Number(value) >= Number(operand),
    max: (operand) => Number(value) <= Number(operand),
  };
  return node.keys().every((operator) => {
    const operand = node.string(operator);
    const check = checks[operator];
    return operand !== undefined && check !== undefined && check(operand);
  });
}

/** Step one: the ids, in creation order. */
export function searchResults(ids: readonly string[]): XmlObject {
  return { 'page-size': PAGE_SIZE, ids: new XmlArray('item', ids) };
}

/** Step two: one page of objects. */
export function searchPage(itemName: string, items: readonly XmlValue[]): XmlCollection {
  return new XmlCollection(itemName, items, {
    'current-page-number': 1,
    'page-size': PAGE_SIZE,
    'total-items': items.length,
  });
}

/** The `search` object of a request body. */
export function searchOf(body: Params): Params {
  return body.child('search');
}
