import { invalidRequest } from './errors.js';
import type { StripeState } from './state.js';
import { snapshot } from './wire.js';

/**
 * Response expansion (docs.stripe.com/expand): each dotted path replaces an id with its
 * object; a path through a list's `data` applies to every element; at most four levels.
 * Works on a copy of the response, never on stored objects.
 */
export function expandResponse(state: StripeState, response: unknown, paths: string[]): unknown {
  for (const path of paths) {
    const segments = path.split('.');
    // A list's `data` step does not count towards Stripe's four levels.
    if (segments.filter((segment) => segment !== 'data').length > 4) {
      throw invalidRequest(`You cannot expand more than 4 levels of a property. Property: ${path}`, { param: 'expand' });
    }
    expandAt(state, response, segments, path);
  }
  return response;
}

function expandAt(state: StripeState, node: unknown, segments: string[], path: string): void {
  const [head, ...rest] = segments;
  if (head === undefined || !node || typeof node !== 'object') return;
  const holder = node as Record<string, unknown>;
  if (!(head in holder)) throw cannotExpand(path);
  const value = holder[head];
  if (Array.isArray(value)) {
    if (rest.length === 0) throw cannotExpand(path);
    value.forEach((element, index) => {
      value[index] = resolveIfId(state, element, path);
      expandAt(state, value[index], rest, path);
    });
    return;
  }
  holder[head] = resolveIfId(state, value, path);
  if (rest.length > 0) expandAt(state, holder[head], rest, path);
  else if (typeof holder[head] !== 'object') throw cannotExpand(path);
}

function resolveIfId(state: StripeState, value: unknown, path: string): unknown {
  if (typeof value !== 'string') return value;
  const found = lookup(state, value);
  if (!found) throw cannotExpand(path);
  return snapshot(found);
}

/** Finds any stored object by id, by its Stripe prefix. */
export function lookup(state: StripeState, id: string): object | undefined {
  if (state.deletedCustomerIds.has(id)) return { id, object: 'customer', deleted: true };
  const stores: Array<Map<string, object>> = [
    state.customers, state.paymentMethods, state.paymentIntents, state.charges, state.refunds, state.invoices,
    state.invoicePayments, state.invoiceItems, state.checkoutSessions, state.products, state.prices, state.subscriptions,
  ];
  for (const store of stores) {
    const found = store.get(id);
    if (found) return found;
  }
  return undefined;
}

function cannotExpand(path: string) {
  return invalidRequest(`This property cannot be expanded (${path}).`, { param: 'expand' });
}
