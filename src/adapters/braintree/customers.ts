import { createHash } from 'node:crypto';
import { TenderError } from '../../core/errors.js';
import type { ProcessorAdapter } from '../../core/processor-port.js';
import { braintreeCall, collect, ensureStillWanted, readOptional, type BraintreeDeps } from './calls.js';
import { isErrorResult, outcomeOfBraintreeFailure } from './errors.js';
import { defaultTokenOf, mapCustomer, mapPaymentMethods, splitName } from './mapping.js';
import type { WireCustomer } from './wire.js';

type CustomerOperations = Pick<ProcessorAdapter, 'findCustomers' | 'getCustomer' | 'createCustomer' | 'listPaymentMethods'>;

/** Braintree custom field values hold at most 255 characters. */
const MAX_CUSTOM_FIELD = 255;

/**
 * The customer id a create with this processor key asks for. Braintree customer
 * creation takes no idempotency key, but it takes the id (letters, digits, - and _, at
 * most 36 characters) and refuses a taken one (91609): a retry with the same key finds
 * the customer its first attempt created instead of creating another.
 */
export function customerIdFor(processorKey: string): string {
  return `tnd_${createHash('sha256').update(processorKey).digest('base64url').slice(0, 32)}`;
}

/** Reads a customer, or throws not_found naming customer_id. */
export function liveCustomer(deps: BraintreeDeps, customerId: string): Promise<WireCustomer> {
  return braintreeCall({ kind: 'read', resourceField: 'customer_id' }, () => deps.gateway.customer.find(customerId));
}

/** Off-session charges need a method: the customer's default when none is named. */
export async function defaultPaymentMethodOf(deps: BraintreeDeps, customerId: string): Promise<string> {
  const token = defaultTokenOf(await liveCustomer(deps, customerId));
  if (!token) {
    throw new TenderError('failed_precondition', 'the customer has no default payment method', { field: 'payment_method_id' });
  }
  return token;
}

export function customerOperations(deps: BraintreeDeps): CustomerOperations {
  const { gateway } = deps;
  const map = (wire: WireCustomer) => mapCustomer(wire, deps.phoneRegion, deps.metadataField);

  return {
    /**
     * Braintree's search is two requests (ids, then a page of customers; the SDK makes
     * both). A phone is searched by its last four digits and then compared in E.164, so
     * that numbers stored as "(415) 555-0123" are found too.
     */
    async findCustomers(query) {
      const phone = 'phone' in query ? query.phone : undefined;
      const found = await braintreeCall({ kind: 'read' }, () =>
        collect<WireCustomer>(
          gateway.customer.search((search) => {
            if (phone !== undefined) search.phone?.().endsWith(phone.slice(-4));
            else if ('email' in query) search.email?.().is(query.email);
          }),
        ),
      );
      const customers = found.map(map);
      if (phone !== undefined) return customers.filter((customer) => customer.phone === phone);
      const email = 'email' in query ? query.email.toLowerCase() : '';
      return customers.filter((customer) => customer.email.toLowerCase() === email);
    },

    async getCustomer(customerId) {
      const wire = await readOptional(() => gateway.customer.find(customerId));
      return wire ? map(wire) : undefined;
    },

    async createCustomer(input, ctx) {
      ensureStillWanted(ctx);
      const id = customerIdFor(ctx.processorIdempotencyKey);
      const { firstName, lastName } = splitName(input.name);
      const attributes: Record<string, unknown> = {
        id,
        ...(firstName ? { firstName } : {}),
        ...(lastName ? { lastName } : {}),
        ...(input.email ? { email: input.email } : {}),
        ...(input.phone ? { phone: input.phone } : {}),
        ...metadataAttributes(deps, input.metadata),
      };
      const result = await braintreeCall({ kind: 'write' }, () => gateway.customer.create(attributes));
      if (result.success) return map(result.customer);
      const refused = isErrorResult(result) && result.errors.deepErrors().some((error) => error.code === '91609');
      // The id is taken: this key's earlier attempt created the customer.
      if (refused) return map(await liveCustomer(deps, id));
      throw outcomeOfBraintreeFailure(result, { kind: 'write' });
    },

    async listPaymentMethods(customerId) {
      return mapPaymentMethods(await liveCustomer(deps, customerId));
    },
  };
}

function metadataAttributes(deps: BraintreeDeps, metadata: Record<string, string>): Record<string, unknown> {
  if (Object.keys(metadata).length === 0) return {};
  if (!deps.metadataField) {
    throw new TenderError('invalid_argument', 'metadata: this Braintree account keeps no metadata (no metadata custom field is configured)', {
      field: 'metadata',
    });
  }
  const json = JSON.stringify(metadata);
  if (json.length > MAX_CUSTOM_FIELD) {
    throw new TenderError('invalid_argument', `metadata: at most ${MAX_CUSTOM_FIELD} characters as JSON on Braintree`, { field: 'metadata' });
  }
  return { customFields: { [deps.metadataField]: json } };
}
