/**
 * Parses Stripe's form encoding (application/x-www-form-urlencoded bodies and query
 * strings) into nested values. stripe-node writes nested params with unescaped brackets
 * and indexed arrays (`line_items[0][price_data][currency]=usd`), other clients use
 * `expand[]=x`; both shapes are accepted, as the Stripe API does.
 */
export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

/** Keys that would reach Object.prototype if used as property names. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function parseForm(text: string): FormObject {
  const root: FormObject = {};
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    const path = splitKey(decodeComponent(rawKey));
    if (path.length === 0 || path.some((segment) => UNSAFE_KEYS.has(segment))) continue;
    assign(root, path, decodeComponent(rawValue));
  }
  return arraysFromIndexedObjects(root) as FormObject;
}

/** Form encoding writes spaces as `+`; a malformed escape is kept literally. */
function decodeComponent(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** `a[b][0][]` -> ['a', 'b', '0', '']; a key with unbalanced brackets stays whole. */
function splitKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0) return key === '' ? [] : [key];
  const segments = [key.slice(0, open)];
  const rest = key.slice(open);
  const bracketed = /\[([^\]]*)\]/g;
  let consumed = 0;
  for (let match = bracketed.exec(rest); match; match = bracketed.exec(rest)) {
    if (match.index !== consumed) return [key];
    segments.push(match[1] ?? '');
    consumed = match.index + match[0].length;
  }
  return consumed === rest.length ? segments : [key];
}

function assign(target: FormObject, path: string[], value: string): void {
  let node = target;
  path.forEach((rawSegment, depth) => {
    // `[]` appends: it takes the next free index of its container.
    const segment = rawSegment === '' ? String(Object.keys(node).length) : rawSegment;
    if (depth === path.length - 1) {
      node[segment] = value;
      return;
    }
    const existing = node[segment];
    if (typeof existing !== 'object' || Array.isArray(existing)) node[segment] = {};
    node = node[segment] as FormObject;
  });
}

/** Objects whose keys are all array indexes become arrays, in index order. */
function arraysFromIndexedObjects(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  for (const key of keys) value[key] = arraysFromIndexedObjects(value[key] as FormValue);
  const indexed = keys.length > 0 && keys.every((key) => /^(0|[1-9]\d{0,5})$/.test(key));
  if (!indexed) return value;
  return keys
    .map(Number)
    .sort((a, b) => a - b)
    .map((index) => value[String(index)] as FormValue);
}
