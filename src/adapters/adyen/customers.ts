import { TenderError } from '../../core/errors.js';
import type { ProcessorAdapter } from '../../core/processor-port.js';
import type { DirectoryCustomer } from '../../store/customer-directory.js';
import { adyenCall, type AdyenDeps } from './calls.js';
import { shopperReferenceFor } from './keys.js';
import { defaultStoredMethodId, isChargeableCard, mapDirectoryCustomer, mapStoredPaymentMethod } from './mapping.js';
import type { WireStoredPaymentMethod } from './wire.js';

type CustomerOperations = Pick<ProcessorAdapter, 'findCustomers' | 'getCustomer' | 'createCustomer' | 'listPaymentMethods'>;

/**
 * Adyen knows a shopper only by the reference the merchant sends; it has no customer
 * objects, so names, phones and emails live in Tender's customer directory (one per
 * account) and FindCustomers works as for the other processors. The cards stay at
 * Adyen, stored under the shopper reference, which is the customer's id.
 */
export function customerOperations(deps: AdyenDeps): CustomerOperations {
  const { directory, accountId } = deps;
  return {
    async findCustomers(query) {
      const found = 'phone' in query
        ? await directory.findByPhone(accountId, query.phone)
        : await directory.findByEmail(accountId, query.email);
      return found.map(mapDirectoryCustomer);
    },

    async getCustomer(customerId) {
      const customer = await directory.get(accountId, customerId);
      return customer ? mapDirectoryCustomer(customer) : undefined;
    },

    async createCustomer(input, ctx) {
      if (ctx.signal?.aborted) throw new TenderError('deadline_exceeded', 'cancelled before the customer was created');
      const id = shopperReferenceFor(ctx.processorIdempotencyKey);
      // A retry of the same call finds the customer its first attempt wrote.
      const existing = await directory.get(accountId, id);
      if (existing) return mapDirectoryCustomer(existing);
      const customer: DirectoryCustomer = {
        id, name: input.name, email: input.email, phone: input.phone, createdAt: Date.now(), metadata: { ...input.metadata },
      };
      await directory.put(accountId, customer);
      return mapDirectoryCustomer(customer);
    },

    async listPaymentMethods(customerId) {
      const [customer, methods] = await Promise.all([directory.get(accountId, customerId), storedCardsOf(deps, customerId)]);
      if (!customer) throw new TenderError('not_found', 'customer_id: not found', { field: 'customer_id' });
      const defaultId = defaultStoredMethodId(methods);
      return methods.filter(isChargeableCard).map((method) => mapStoredPaymentMethod(method, customerId, defaultId));
    },
  };
}

/** The shopper's stored payment methods at Adyen (GET /storedPaymentMethods). */
export async function storedCardsOf(deps: AdyenDeps, shopperReference: string): Promise<WireStoredPaymentMethod[]> {
  const response = await adyenCall({ kind: 'read', resourceField: 'customer_id' }, () =>
    deps.checkout.recurring.getTokensForStoredPaymentDetails(shopperReference, deps.merchantAccount),
  );
  return response.storedPaymentMethods ?? [];
}

/** A charge names no method: the shopper's default card (rule in mapping.ts). */
export async function defaultPaymentMethodOf(deps: AdyenDeps, shopperReference: string): Promise<string> {
  const id = defaultStoredMethodId(await storedCardsOf(deps, shopperReference));
  if (!id) {
    throw new TenderError('failed_precondition', 'the customer has no saved card', { field: 'payment_method_id' });
  }
  return id;
}
