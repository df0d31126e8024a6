import { XmlArray, XmlTyped, renderXml, type XmlObject, type XmlValue } from './xml.js';

/**
 * Braintree's failure answers (processor-wire.md, "Braintree"): a validation error or a
 * decline is HTTP 422 with an `<api-error-response>` root, which the SDK resolves as
 * `success: false` (a 422 is treated like a 200); a missing object is a bare 404, which
 * the SDK throws as notFoundError. Validation errors nest under the resource they are
 * about (`errors > transaction > credit-card > errors`), each with its numeric code,
 * the attribute as a symbol and a message; `deepErrors()` in the SDK flattens them.
 */
export class BraintreeFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    /** True when a transaction was processed (a decline), false when nothing happened. */
    readonly processed = false,
  ) {
    super(`Braintree answered ${status}`);
  }
}

export interface ValidationIssue {
  /** Where the error nests, e.g. ['transaction'] or ['transaction', 'credit-card']. */
  scope: readonly string[];
  code: string;
  attribute: string;
  message: string;
}

export function issue(scope: readonly string[], code: string, attribute: string, message: string): ValidationIssue {
  return { scope, code, attribute, message };
}

export function notFound(): BraintreeFailure {
  return new BraintreeFailure(404, '');
}

export function validationFailure(issues: readonly ValidationIssue[], params: unknown): BraintreeFailure {
  const response: XmlObject = {
    errors: errorTree(issues),
    params: paramsXml(params),
    message: issues.map((entry) => entry.message).join('\n'),
  };
  return new BraintreeFailure(422, renderXml('api-error-response', response));
}

/** A processed but unsuccessful transaction: the transaction rides along, no validation errors. */
export function transactionFailure(transaction: XmlObject, message: string, params: unknown): BraintreeFailure {
  const response: XmlObject = {
    errors: { errors: new XmlArray('error', []) },
    params: paramsXml(params),
    message,
    transaction,
  };
  return new BraintreeFailure(422, renderXml('api-error-response', response), true);
}

type MutableTree = { errors: XmlValue[]; nested: Map<string, MutableTree> };

function errorTree(issues: readonly ValidationIssue[]): XmlObject {
  const root: MutableTree = { errors: [], nested: new Map() };
  for (const entry of issues) {
    let node = root;
    for (const name of entry.scope) {
      const next = node.nested.get(name) ?? { errors: [], nested: new Map() };
      node.nested.set(name, next);
      node = next;
    }
    node.errors.push({ code: entry.code, attribute: new XmlTyped('symbol', entry.attribute), message: entry.message });
  }
  const render = (node: MutableTree): XmlObject => {
    const out: Record<string, XmlValue> = { errors: new XmlArray('error', node.errors) };
    for (const [name, child] of node.nested) out[name] = render(child);
    return out;
  };
  return render(root);
}

/** Card data never echoes back, as on Braintree. */
const UNECHOED = new Set(['number', 'cvv']);

/** The request parameters as Braintree echoes them in `<params>`. */
export function paramsXml(value: unknown): XmlValue {
  if (Array.isArray(value)) return new XmlArray('item', value.map(paramsXml));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, XmlValue> = {};
    for (const [key, child] of Object.entries(value)) {
      if (!UNECHOED.has(key)) out[key] = paramsXml(child);
    }
    return out;
  }
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return null;
}
