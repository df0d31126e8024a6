import { describe, expect, it } from 'vitest';
import {
  mapCheckoutSession,
  mapCustomer,
  mapInvoice,
  mapPaymentIntent,
  mapPaymentMethod,
  mapRefund,
  paymentStatusOf,
  stripeRefundReasonOf,
} from './mapping.js';
import {
  CREATED,
  checkoutSessionWire,
  customerWire,
  declinedIntentWire,
  invoiceWire,
  paymentIntentWire,
  paymentMethodWire,
  refundWire,
} from './testing/wire-fixtures.js';

describe('mapCustomer', () => {
  it('maps a customer, normalizing a national phone number to E.164', () => {
    const customer = mapCustomer(customerWire({ phone: '(415) 555-0123' }), 'US');
    expect(customer).toEqual({
      id: 'cus_QXg1o8vcGmoR32',
      name: 'Jenny Rosen',
      email: 'jenny.rosen@example.com',
      phone: '+14155550123',
      createdAt: new Date(CREATED * 1000),
      metadata: { crm_id: 'c-42' },
    });
  });

  it('turns Stripe nulls into empty strings and keeps an unparseable phone as stored', () => {
    const customer = mapCustomer(customerWire({ name: null, email: null, phone: 'ask front desk' }), 'US');
    expect(customer).toMatchObject({ name: '', email: '', phone: 'ask front desk' });
  });
});

describe('mapPaymentMethod', () => {
  it('carries brand, last four, expiry and the default flag from the customer', () => {
    expect(mapPaymentMethod(paymentMethodWire(), 'pm_1Pgc75B7WZ01zgkWlHVgdEGJ')).toEqual({
      id: 'pm_1Pgc75B7WZ01zgkWlHVgdEGJ',
      customerId: 'cus_QXg1o8vcGmoR32',
      brand: 'visa',
      last4: '4242',
      expMonth: 8,
      expYear: 2030,
      isDefault: true,
      wallet: 'none',
    });
    expect(mapPaymentMethod(paymentMethodWire(), 'pm_other').isDefault).toBe(false);
  });

  it.each([
    ['apple_pay', 'apple_pay'],
    ['google_pay', 'google_pay'],
    ['link', 'link'],
    ['samsung_pay', 'other'],
  ])('maps card wallet %s to %s', (type, kind) => {
    const wire = paymentMethodWire({
      card: { brand: 'visa', last4: '4242', exp_month: 8, exp_year: 2030, wallet: { type } },
    });
    expect(mapPaymentMethod(wire, '').wallet).toBe(kind);
  });
});

describe('mapInvoice', () => {
  it('reports what is still owed, the due date and the line descriptions', () => {
    const invoice = mapInvoice(invoiceWire({ amount_due: 24700, amount_remaining: 14700 }));
    expect(invoice).toEqual({
      id: 'in_1Pgc6tB7WZ01zgkWu9fdqL6I',
      customerId: 'cus_QXg1o8vcGmoR32',
      status: 'open',
      amountDue: { amount: 14700, currency: 'USD' },
      dueAt: new Date(CREATED * 1000),
      description: 'My First Invoice Item (created for API docs)',
      number: 'TND-0001',
    });
  });

  it('prefers the invoice description and omits a missing due date', () => {
    const invoice = mapInvoice(invoiceWire({ description: 'Plumbing repair', due_date: null, status: 'paid' }));
    expect(invoice.description).toBe('Plumbing repair');
    expect(invoice.status).toBe('paid');
    expect(invoice).not.toHaveProperty('dueAt');
  });
});

describe('paymentStatusOf', () => {
  it.each([
    ['succeeded', 'succeeded'],
    ['processing', 'processing'],
    ['requires_action', 'requires_action'],
    ['requires_confirmation', 'requires_action'],
    ['canceled', 'canceled'],
    ['a_status_from_the_future', 'outcome_unknown'],
  ])('maps %s to %s', (status, expected) => {
    expect(paymentStatusOf({ status, last_payment_error: null })).toBe(expected);
  });

  it('reads a failed attempt as declined, but an authentication demand as requires_action', () => {
    expect(paymentStatusOf(declinedIntentWire('card_declined', 'insufficient_funds'))).toBe('declined');
    expect(paymentStatusOf(declinedIntentWire('authentication_required', 'authentication_required'))).toBe(
      'requires_action',
    );
  });
});

describe('mapPaymentIntent', () => {
  it('maps a succeeded intent with the refunded amount from the expanded charge', () => {
    const wire = paymentIntentWire({ latest_charge: { id: 'ch_1PgafuB7WZ01zgkWXYmPNZs8', amount_refunded: 500 } });
    expect(mapPaymentIntent(wire, 'in_1')).toEqual({
      id: 'pi_1PgafyB7WZ01zgkWSjxsAJo3',
      customerId: 'cus_QXg1o8vcGmoR32',
      paymentMethodId: 'pm_1Pgc75B7WZ01zgkWlHVgdEGJ',
      invoiceId: 'in_1',
      amount: { amount: 1099, currency: 'USD' },
      status: 'succeeded',
      amountRefunded: { amount: 500, currency: 'USD' },
      createdAt: new Date(CREATED * 1000),
      description: 'Service call',
    });
  });

  it('maps a declined intent with its reason and the method kept on the error', () => {
    const payment = mapPaymentIntent(declinedIntentWire('card_declined', 'lost_card'));
    expect(payment.status).toBe('declined');
    expect(payment.paymentMethodId).toBe('pm_1Pgc75B7WZ01zgkWlHVgdEGJ');
    expect(payment.decline).toMatchObject({ reason: 'lost_or_stolen', processorCode: 'lost_card' });
  });

  it('reads the invoice a payment link was for from the intent metadata', () => {
    const wire = paymentIntentWire({ metadata: { tender_invoice_id: 'in_from_link' } });
    expect(mapPaymentIntent(wire).invoiceId).toBe('in_from_link');
  });

  it('carries no decline on a payment that went through', () => {
    expect(mapPaymentIntent(paymentIntentWire())).not.toHaveProperty('decline');
  });
});

describe('refunds', () => {
  it('sends reasons Stripe lacks as requested_by_customer, keeping the real one in metadata', () => {
    expect(stripeRefundReasonOf('duplicate')).toEqual({ reason: 'duplicate', metadata: {} });
    expect(stripeRefundReasonOf('service_not_provided')).toEqual({
      reason: 'requested_by_customer',
      metadata: { tender_reason: 'service_not_provided' },
    });
  });

  it('reads the neutral reason back from metadata', () => {
    const refund = mapRefund(
      refundWire({ reason: 'requested_by_customer', metadata: { tender_reason: 'other' }, status: 'pending' }),
    );
    expect(refund).toEqual({
      id: 're_1Pgc72B7WZ01zgkWqPvrRrPE',
      paymentId: 'pi_1PgafyB7WZ01zgkWSjxsAJo3',
      amount: { amount: 100, currency: 'USD' },
      status: 'pending',
      reason: 'other',
      method: 'refund',
      createdAt: new Date(CREATED * 1000),
    });
  });

  it("keeps Stripe's reason when the metadata says why rather than a neutral reason", () => {
    const refund = mapRefund(refundWire({ reason: 'duplicate', metadata: { tender_reason: 'duplicate_invoice_payment' } }));
    expect(refund.reason).toBe('duplicate');
  });
});

describe('mapCheckoutSession', () => {
  it.each([
    ['open', 'open'],
    ['complete', 'completed'],
    ['expired', 'expired'],
  ])('maps session status %s to link status %s', (status, expected) => {
    expect(mapCheckoutSession(checkoutSessionWire({ status })).status).toBe(expected);
  });

  it('reads the payment, customer, invoice and description back', () => {
    const link = mapCheckoutSession(
      checkoutSessionWire({
        status: 'complete',
        customer: 'cus_QXg1o8vcGmoR32',
        payment_intent: 'pi_1PgafyB7WZ01zgkWSjxsAJo3',
        metadata: { tender_invoice_id: 'in_1', tender_description: 'Plumbing repair' },
      }),
    );
    expect(link).toEqual({
      id: 'cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41PJqDWkIVQCpJPqkfIhd6tVY8XB1OLY',
      url: 'https://checkout.stripe.com/pay/c/cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41PJqDWkIVQCpJPqkfIhd6tVY8XB1OLY',
      amount: { amount: 24700, currency: 'USD' },
      status: 'completed',
      expiresAt: new Date((CREATED + 3600) * 1000),
      customerId: 'cus_QXg1o8vcGmoR32',
      invoiceId: 'in_1',
      paymentId: 'pi_1PgafyB7WZ01zgkWSjxsAJo3',
      description: 'Plumbing repair',
    });
  });
});
