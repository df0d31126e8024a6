import { describe, expect, it } from 'vitest';
import type { DeclineReason } from '../../core/types.js';
import { chargeDefault, money, newContext, whenCapable, type FixtureOf } from './contract-helpers.js';

/** Charging, declines as values, paying invoices and refunding. */
export function paymentContract(fixtureOf: FixtureOf): void {
  describe('payments', () => {
    it('charges the default method off-session, counted once and readable back', async () => {
      const f = fixtureOf();
      await whenCapable(f, 'off_session_charge', async () => {
        const before = f.countPayments();
        const payment = await chargeDefault(f, 1234);
        expect(payment).toMatchObject({
          customerId: f.seeded.customerId,
          paymentMethodId: f.seeded.defaultPaymentMethodId,
          amount: money(f, 1234),
          amountRefunded: money(f, 0),
        });
        expect(payment.id).not.toBe('');
        expect(payment.decline).toBeUndefined();
        expect(f.countPayments()).toBe(before + 1);
        expect(await f.adapter.getPayment(payment.id)).toMatchObject({ id: payment.id, status: 'succeeded', amount: money(f, 1234) });
        expect(await f.adapter.getPayment('contract_missing_payment')).toBeUndefined();
      });
    });

    it('charges the default method when none is named', async () => {
      const f = fixtureOf();
      await whenCapable(f, 'off_session_charge', async () => {
        const payment = await f.adapter.charge(
          { customerId: f.seeded.customerId, paymentMethodId: '', amount: money(f, 1500), description: '', metadata: {} },
          newContext(),
        );
        expect(payment).toMatchObject({ status: 'succeeded', paymentMethodId: f.seeded.defaultPaymentMethodId });
      });
    });

    it('returns each decline as a value with its neutral reason', async () => {
      const f = fixtureOf();
      const cases = Object.entries(f.decliningMethods) as Array<[DeclineReason, { customerId: string; paymentMethodId: string }]>;
      expect(cases.length).toBeGreaterThan(0);
      for (const [reason, target] of cases) {
        const payment = await f.adapter.charge(
          { ...target, amount: money(f, 2100), description: `decline ${reason}`, metadata: {} },
          newContext(),
        );
        expect({ reason, status: payment.status, decline: payment.decline?.reason }).toEqual({ reason, status: 'declined', decline: reason });
        expect(payment.decline?.processorCode).not.toBe('');
        if (payment.id) expect((await f.adapter.getPayment(payment.id))?.status).toBe('declined');
      }
    });

    it('reports a charge needing authentication as requires_action, not a plain decline', async () => {
      const f = fixtureOf();
      const target = f.authenticationRequiredMethod;
      if (!target) return;
      const payment = await f.adapter.charge({ ...target, amount: money(f, 2200), description: '', metadata: {} }, newContext());
      expect(payment.status).toBe('requires_action');
      expect(payment.decline?.reason).toBe('authentication_required');
    });

    it('pays an open invoice in full, once per key', async () => {
      const f = fixtureOf();
      const invoiceId = f.seeded.openInvoiceId;
      if (!invoiceId) return;
      await whenCapable(f, 'pay_invoice', async () => {
        const invoice = await f.adapter.getInvoice(invoiceId);
        const ctx = newContext();
        const payment = await f.adapter.payInvoice({ invoiceId, paymentMethodId: '' }, ctx);
        expect(payment).toMatchObject({ status: 'succeeded', invoiceId, amount: invoice?.amountDue, customerId: f.seeded.customerId });
        // Some processors create the invoice's payment when the invoice is issued, others when it is paid.
        const afterFirst = f.countPayments();
        expect((await f.adapter.payInvoice({ invoiceId, paymentMethodId: '' }, ctx)).id).toBe(payment.id);
        expect(f.countPayments()).toBe(afterFirst);
        expect((await f.adapter.getInvoice(invoiceId))?.status).toBe('paid');
        expect((await f.adapter.getPayment(payment.id))?.invoiceId).toBe(invoiceId);
      });
    });

    it('refunds a whole payment, once per key', async () => {
      const f = fixtureOf();
      const payment = await chargeDefault(f, 2000);
      await whenCapable(f, 'refund', async () => {
        const ctx = newContext();
        const refund = await f.adapter.refund({ paymentId: payment.id, reason: 'requested_by_customer', note: '' }, ctx);
        expect(refund).toMatchObject({ paymentId: payment.id, amount: money(f, 2000), reason: 'requested_by_customer' });
        expect(refund.status).toBe(f.adapter.capabilities.has('async_refund') ? 'pending' : 'succeeded');
        expect((await f.adapter.refund({ paymentId: payment.id, reason: 'requested_by_customer', note: '' }, ctx)).id).toBe(refund.id);
        expect((await f.adapter.getPayment(payment.id))?.amountRefunded).toEqual(money(f, 2000));
      });
    });

    it('refunds part of a payment, then the rest', async () => {
      const f = fixtureOf();
      const payment = await chargeDefault(f, 3000);
      await whenCapable(f, 'partial_refund', async () => {
        const part = await f.adapter.refund(
          { paymentId: payment.id, amount: money(f, 1000), reason: 'service_not_provided', note: 'arrived late' },
          newContext(),
        );
        expect(part).toMatchObject({ amount: money(f, 1000), reason: 'service_not_provided' });
        expect((await f.adapter.getPayment(payment.id))?.amountRefunded).toEqual(money(f, 1000));
        const rest = await f.adapter.refund({ paymentId: payment.id, reason: 'other', note: '' }, newContext());
        expect(rest.amount).toEqual(money(f, 2000));
        expect((await f.adapter.getPayment(payment.id))?.amountRefunded).toEqual(money(f, 3000));
        const overRefund = f.adapter.refund(
          { paymentId: payment.id, amount: money(f, 100), reason: 'other', note: '' },
          newContext(),
        );
        await expect(overRefund).rejects.toMatchObject({ code: expect.stringMatching(/^(failed_precondition|invalid_argument)$/) });
      });
    });
  });
}
