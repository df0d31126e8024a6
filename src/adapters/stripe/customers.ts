import { TenderError } from '../../core/errors.js';
import type { ProcessorAdapter } from '../../core/processor-port.js';
import { readOptional, stripeCall, mutationOptions, type StripeDeps } from './calls.js';
import {
  defaultPaymentMethodIdOf,
  mapCustomer,
  mapInvoice,
  mapPaymentMethod,
} from './mapping.js';
import { phoneSearchQuery } from './phone-search.js';
import { searchValue } from './search-syntax.js';
import type { WireCustomer } from './wire.js';

type CustomerOperations = Pick<
  ProcessorAdapter,
  | 'findCustomers'
  | 'getCustomer'
  | 'createCustomer'
  | 'listPaymentMethods'
  | 'listOpenInvoices'
  | 'getInvoice'
>;

/** Reads a live customer, or throws not_found (a deleted customer is not live). */
export async function liveCustomer(deps: StripeDeps, customerId: string): Promise<WireCustomer> {
  const wire = await stripeCall({ kind: 'read', resourceField: 'customer_id' }, () =>
    deps.stripe.customers.retrieve(customerId),
  );
  if (wire.deleted) {
    throw new TenderError('not_found', 'customer was deleted at Stripe', { field: 'customer_id' });
  }
  return wire;
}

/** Stripe charges off-session need a method: the customer's default when none is named. */
export async function defaultPaymentMethodOf(deps: StripeDeps, customerId: string): Promise<string> {
  const id = defaultPaymentMethodIdOf(await liveCustomer(deps, customerId));
  if (!id) {
    throw new TenderError('failed_precondition', 'the customer has no default payment method', {
      field: 'payment_method_id',
    });
  }
  return id;
}

export function customerOperations(deps: StripeDeps): CustomerOperations {
  const { stripe } = deps;
  return {
    /**
     * A phone is searched in all its common renderings (phone-search.ts). Search matches
     * strings, so what comes back is kept only when its number, normalized as every
     * customer read from Stripe is, is the number asked for.
     */
    async findCustomers(query) {
      const searchQuery = 'phone' in query
        ? phoneSearchQuery(query.phone, deps.phoneRegion)
        : `email:${searchValue(query.email)}`;
      const found: WireCustomer[] = [];
      let page: string | undefined;
      // Search pages hold up to 10 customers; a shared phone rarely needs a second page.
      for (let pages = 0; pages < 5; pages += 1) {
        const params = page ? { query: searchQuery, page } : { query: searchQuery };
        const result = await stripeCall({ kind: 'read' }, () => stripe.customers.search(params));
        found.push(...result.data);
        if (!result.has_more || !result.next_page) break;
        page = result.next_page;
      }
      const customers = found.map((wire) => mapCustomer(wire, deps.phoneRegion));
      return 'phone' in query ? customers.filter((customer) => customer.phone === query.phone) : customers;
    },

    async getCustomer(customerId) {
      const wire = await readOptional(() => stripe.customers.retrieve(customerId));
      return wire && !wire.deleted ? mapCustomer(wire, deps.phoneRegion) : undefined;
    },

    async createCustomer(input, ctx) {
      const params = {
        ...(input.name ? { name: input.name } : {}),
        ...(input.email ? { email: input.email } : {}),
        ...(input.phone ? { phone: input.phone } : {}),
        metadata: input.metadata,
      };
      const wire = await stripeCall({ kind: 'write' }, () =>
        stripe.customers.create(params, mutationOptions(ctx)),
      );
      return mapCustomer(wire, deps.phoneRegion);
    },

    async listPaymentMethods(customerId) {
      const [customer, methods] = await Promise.all([
        liveCustomer(deps, customerId),
        stripeCall({ kind: 'read', resourceField: 'customer_id' }, () =>
          stripe.paymentMethods.list({ customer: customerId, type: 'card' }),
        ),
      ]);
      const defaultId = defaultPaymentMethodIdOf(customer);
      return methods.data.map((method) => mapPaymentMethod(method, defaultId));
    },

    async listOpenInvoices(customerId) {
      const invoices = await stripeCall({ kind: 'read', resourceField: 'customer_id' }, () =>
        stripe.invoices.list({ customer: customerId, status: 'open' }),
      );
      return invoices.data.map(mapInvoice);
    },

    async getInvoice(invoiceId) {
      const wire = await readOptional(() => stripe.invoices.retrieve(invoiceId));
      return wire ? mapInvoice(wire) : undefined;
    },
  };
}
