/**
 * The XML Braintree answers with, and what the Node SDK needs to read it
 * (node_modules/braintree/lib/braintree/util.js, convertNodeToObject): a list must carry
 * type="array" (an empty one too), a number type="integer", a flag type="boolean", an
 * absent value nil="true". Datetimes and dates keep their type attribute as Braintree
 * sends them, though the SDK leaves them as strings. Element names are Braintree's
 * kebab-case; the SDK turns them into camelCase. Output is compact: whitespace between
 * elements would otherwise reach the SDK as text.
 */
export type XmlValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | Date
  | XmlArray
  | XmlCollection
  | XmlTyped
  | XmlObject;

export interface XmlObject {
  readonly [name: string]: XmlValue;
}

/** `<name type="array"><item/>...</name>`. */
export class XmlArray {
  constructor(
    readonly itemName: string,
    readonly items: readonly XmlValue[],
  ) {}
}

/** A search page: `<name type="collection">` with paging fields, then the items. */
export class XmlCollection {
  constructor(
    readonly itemName: string,
    readonly items: readonly XmlValue[],
    readonly fields: XmlObject = {},
  ) {}
}

/** Text with a type attribute the SDK does not convert: symbol, date. */
export class XmlTyped {
  constructor(
    readonly type: 'symbol' | 'date',
    readonly text: string,
  ) {}
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function renderXml(root: string, value: XmlValue): string {
  return `${XML_DECLARATION}${element(root, value)}\n`;
}

/** Braintree's datetime: ISO 8601 in UTC, whole seconds. */
export function datetimeText(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function dateOnly(day: string): XmlTyped {
  return new XmlTyped('date', day);
}

export function element(name: string, value: XmlValue): string {
  if (value === undefined) return '';
  if (value === null) return `<${name} nil="true"/>`;
  if (typeof value === 'string') return `<${name}>${escapeText(value)}</${name}>`;
  if (typeof value === 'boolean') return `<${name} type="boolean">${value}</${name}>`;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new TypeError(`${name}: decimals travel as strings, got ${value}`);
    return `<${name} type="integer">${value}</${name}>`;
  }
  if (value instanceof Date) return `<${name} type="datetime">${datetimeText(value)}</${name}>`;
  if (value instanceof XmlTyped) return `<${name} type="${value.type}">${escapeText(value.text)}</${name}>`;
  if (value instanceof XmlArray) {
    return `<${name} type="array">${value.items.map((item) => element(value.itemName, item)).join('')}</${name}>`;
  }
  if (value instanceof XmlCollection) {
    const items = value.items.map((item) => element(value.itemName, item)).join('');
    return `<${name} type="collection">${children(value.fields)}${items}</${name}>`;
  }
  return `<${name}>${children(value)}</${name}>`;
}

function children(object: XmlObject): string {
  return Object.entries(object)
    .map(([name, value]) => element(name, value))
    .join('');
}

export function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
