import { create } from '@bufbuild/protobuf';
import {
  CreateCustomerResponseSchema,
  FindCustomersResponseSchema,
  GetBalanceResponseSchema,
  GetCustomerResponseSchema,
  ListPaymentMethodsResponseSchema,
  type CustomerService,
} from '../../gen/tender/v1/customers_pb.js';
import { invalidField, isTenderError } from '../../core/errors.js';
import { normalizePhone } from '../../core/phone.js';
import type { Money } from '../../core/types.js';
import type { ServiceHandlers } from '../../server/bridge.js';
import type { ApiDeps } from '../deps.js';
import { runIdempotent } from '../idempotent.js';
import { moneyMessage } from '../mapping/common.js';
import { customerMessage, invoiceMessage, pastDueMessage, paymentMethodMessage } from '../mapping/customers.js';
import { requireCapability } from '../registry.js';
import { loadCustomer } from './lookups.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function customerHandlers(deps: ApiDeps): ServiceHandlers<typeof CustomerService> {
  const { registry } = deps;
  return {
    async findCustomers(request, call) {
      const query = request.query;
      if (query.case === undefined) throw invalidField('query', 'set phone or email');
      const accounts = request.accountId === ''
        ? registry.accountsOf(call.principal.tenant)
        : [registry.account(call.principal.tenant, 'account_id', request.accountId)];
      let normalizedPhone = '';
      let search: { phone: string } | { email: string };
      if (query.case === 'phone') {
        normalizedPhone = normalizePhone('phone', query.value, deps.defaultRegion);
        search = { phone: normalizedPhone };
      } else {
        const email = query.value.trim().toLowerCase();
        if (!EMAIL.test(email)) throw invalidField('email', 'not a valid email address');
        search = { email };
      }
      const capability = query.case === 'phone' ? 'customer_search_phone' : 'customer_search_email';
      const searchable = accounts.filter((account) => account.adapter.capabilities.has(capability));
      if (request.accountId !== '' && searchable.length === 0) requireCapability(accounts[0]!, capability);
      // One account that cannot answer (its processor, or the store holding its
      // directory) must not hide the callers the other accounts can find.
      const settled = await Promise.allSettled(searchable.map(async (account) =>
        (await account.adapter.findCustomers(search)).map((customer) => customerMessage(account, customer))));
      const found = settled.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
      const unavailableAccountIds: string[] = [];
      settled.forEach((result, index) => {
        if (result.status === 'fulfilled') return;
        if (!isTenderError(result.reason) || result.reason.code !== 'unavailable' || settled.length === 1) throw result.reason;
        unavailableAccountIds.push(searchable[index]!.id);
        call.logger.warn({ accountId: searchable[index]!.id }, 'account not searched: unavailable');
      });
      if (unavailableAccountIds.length === settled.length && settled.length > 0) {
        throw (settled[0] as PromiseRejectedResult).reason;
      }
      return create(FindCustomersResponseSchema, { customers: found, normalizedPhone, unavailableAccountIds });
    },

    async getCustomer(request, call) {
      const { account, customer } = await loadCustomer(deps, call, 'customer_id', request.customerId);
      return create(GetCustomerResponseSchema, { customer: customerMessage(account, customer) });
    },

    async createCustomer(request, call) {
      const account = registry.account(call.principal.tenant, 'account_id', request.accountId);
      requireCapability(account, 'customer_create');
      const name = request.name.trim();
      if (name === '') throw invalidField('name', 'required');
      const email = request.email.trim().toLowerCase();
      if (email !== '' && !EMAIL.test(email)) throw invalidField('email', 'not a valid email address');
      const phone = request.phone.trim() === '' ? '' : normalizePhone('phone', request.phone, deps.defaultRegion);
      if (email === '' && phone === '') throw invalidField('phone', 'a phone or an email is required to find the customer again');
      return runIdempotent(deps.idempotency, call, {
        key: request.idempotencyKey, request, responseSchema: CreateCustomerResponseSchema,
      }, async (ctx) => {
        const customer = await account.adapter.createCustomer({ name, email, phone, metadata: request.metadata }, ctx);
        return { response: create(CreateCustomerResponseSchema, { customer: customerMessage(account, customer) }), final: true };
      });
    },

    async listPaymentMethods(request, call) {
      const { account, customer } = await loadCustomer(deps, call, 'customer_id', request.customerId);
      requireCapability(account, 'saved_payment_methods');
      const methods = await account.adapter.listPaymentMethods(customer.id);
      return create(ListPaymentMethodsResponseSchema, {
        paymentMethods: methods.map((method) => paymentMethodMessage(account, method)),
      });
    },

    async getBalance(request, call) {
      const { account, customer } = await loadCustomer(deps, call, 'customer_id', request.customerId);
      const { adapter } = account;
      const hasInvoices = adapter.capabilities.has('invoices');
      const hasPastDue = adapter.capabilities.has('past_due_balance') && adapter.listPastDueSubscriptions !== undefined;
      if (!hasInvoices && !hasPastDue) requireCapability(account, 'invoices');
      const [invoices, pastDue] = await Promise.all([
        hasInvoices ? adapter.listOpenInvoices(customer.id) : [],
        hasPastDue ? adapter.listPastDueSubscriptions!(customer.id) : [],
      ]);
      const owed = [...invoices.map((invoice) => invoice.amountDue), ...pastDue.map((entry) => entry.balance)];
      return create(GetBalanceResponseSchema, {
        openInvoices: invoices.map((invoice) => invoiceMessage(account, invoice)),
        totalDue: totalsByCurrency(owed).map(moneyMessage),
        pastDueSubscriptions: pastDue.map((entry) => pastDueMessage(account, entry)),
      });
    },
  };
}

/** Sums per currency; currencies are listed in the order they first appear. */
export function totalsByCurrency(amounts: Money[]): Money[] {
  const totals = new Map<string, number>();
  for (const money of amounts) totals.set(money.currency, (totals.get(money.currency) ?? 0) + money.amount);
  return [...totals].map(([currency, amount]) => ({ amount, currency }));
}

