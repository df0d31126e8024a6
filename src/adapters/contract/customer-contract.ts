import { describe, expect, it } from 'vitest';
import { newContext, whenCapable, type FixtureOf } from './contract-helpers.js';

const WALLET_KINDS = ['none', 'apple_pay', 'google_pay', 'paypal', 'link', 'other'];
const PAYMENT_METHOD_FIELDS = ['brand', 'customerId', 'expMonth', 'expYear', 'id', 'isDefault', 'last4', 'wallet'];

/** Identifying a caller, reading their cards and invoices. */
export function customerContract(fixtureOf: FixtureOf): void {
  describe('customers', () => {
    it('finds the seeded customer by phone, and nobody for an unknown phone', async () => {
      const f = fixtureOf();
      await whenCapable(f, 'customer_search_phone', async () => {
        const found = await f.adapter.findCustomers({ phone: f.seeded.phone });
        expect(found.map((c) => c.id)).toEqual([f.seeded.customerId]);
        expect(found[0]?.phone).toBe(f.seeded.phone);
        expect(await f.adapter.findCustomers({ phone: '+15005550000' })).toEqual([]);
      });
    });

    it('finds every customer sharing a phone', async () => {
      const f = fixtureOf();
      const shared = f.seeded.sharedPhone;
      if (!shared) return;
      await whenCapable(f, 'customer_search_phone', async () => {
        const found = await f.adapter.findCustomers({ phone: shared.phone });
        expect(found.map((c) => c.id).sort()).toEqual([...shared.customerIds].sort());
      });
    });

    it('finds the seeded customer by email', async () => {
      const f = fixtureOf();
      await whenCapable(f, 'customer_search_email', async () => {
        const found = await f.adapter.findCustomers({ email: f.seeded.email });
        expect(found.map((c) => c.id)).toEqual([f.seeded.customerId]);
        expect(found[0]?.email.toLowerCase()).toBe(f.seeded.email.toLowerCase());
      });
    });

    it('gets a customer by id, and undefined for an unknown id', async () => {
      const f = fixtureOf();
      const customer = await f.adapter.getCustomer(f.seeded.customerId);
      expect(customer).toMatchObject({ id: f.seeded.customerId, phone: f.seeded.phone, email: f.seeded.email });
      expect(await f.adapter.getCustomer('contract_missing_customer')).toBeUndefined();
    });

    it('creates a customer once per idempotency key', async () => {
      const f = fixtureOf();
      await whenCapable(f, 'customer_create', async () => {
        const ctx = newContext();
        const input = { name: 'Robin Contract', email: 'robin.contract@example.com', phone: '+14155550177', metadata: { source: 'contract' } };
        const created = await f.adapter.createCustomer(input, ctx);
        expect(created).toMatchObject({ name: input.name, email: input.email, phone: input.phone, metadata: input.metadata });
        expect((await f.adapter.createCustomer(input, ctx)).id).toBe(created.id);
        expect(await f.adapter.getCustomer(created.id)).toMatchObject({ id: created.id, name: input.name });
      });
    });

    it('lists saved payment methods with brand, last four, expiry and default, and nothing else', async () => {
      const f = fixtureOf();
      await whenCapable(f, 'saved_payment_methods', async () => {
        const methods = await f.adapter.listPaymentMethods(f.seeded.customerId);
        for (const method of methods) {
          expect(Object.keys(method).sort()).toEqual(PAYMENT_METHOD_FIELDS);
          expect(method.last4).toMatch(/^\d{4}$/);
          expect(method.customerId).toBe(f.seeded.customerId);
        }
        const defaults = methods.filter((m) => m.isDefault);
        expect(defaults.map((m) => m.id)).toEqual([f.seeded.defaultPaymentMethodId]);
        expect(defaults[0]).toMatchObject(f.seeded.defaultCard);
        for (const method of methods) expect(WALLET_KINDS).toContain(method.wallet);
      });
    });

    it('lists open invoices and reads one, undefined for an unknown id', async () => {
      const f = fixtureOf();
      const invoiceId = f.seeded.openInvoiceId;
      if (!invoiceId) return;
      await whenCapable(f, 'invoices', async () => {
        const open = await f.adapter.listOpenInvoices(f.seeded.customerId);
        const seeded = open.find((invoice) => invoice.id === invoiceId);
        expect(seeded).toMatchObject({ customerId: f.seeded.customerId, status: 'open' });
        expect(seeded?.amountDue.amount).toBeGreaterThan(0);
        expect(open.every((invoice) => invoice.status === 'open')).toBe(true);
        expect(await f.adapter.getInvoice(invoiceId)).toEqual(seeded);
        expect(await f.adapter.getInvoice('contract_missing_invoice')).toBeUndefined();
      });
    });
  });
}
