import type {
  WireCheckoutSession,
  WireCustomer,
  WireInvoice,
  WirePaymentIntent,
  WirePaymentMethod,
  WirePrice,
  WireRefund,
  WireSubscription,
} from '../wire.js';

/**
 * Stripe wire objects for unit tests, with the ids, field names and value shapes of
 * Stripe's published examples (shared/reference/specs/stripe-fixtures3.json), trimmed
 * to the fields Tender reads plus a few it must ignore.
 */

export const CREATED = 1_721_954_054;

export function customerWire(overrides: Partial<WireCustomer> = {}): WireCustomer {
  return {
    id: 'cus_QXg1o8vcGmoR32',
    name: 'Jenny Rosen',
    email: 'jenny.rosen@example.com',
    phone: '+14155550123',
    created: CREATED,
    metadata: { crm_id: 'c-42' },
    invoice_settings: { default_payment_method: 'pm_1Pgc75B7WZ01zgkWlHVgdEGJ' },
    ...overrides,
  };
}

export function paymentMethodWire(overrides: Partial<WirePaymentMethod> = {}): WirePaymentMethod {
  return {
    id: 'pm_1Pgc75B7WZ01zgkWlHVgdEGJ',
    customer: 'cus_QXg1o8vcGmoR32',
    card: { brand: 'visa', last4: '4242', exp_month: 8, exp_year: 2030, wallet: null },
    ...overrides,
  };
}

export function invoiceWire(overrides: Partial<WireInvoice> = {}): WireInvoice {
  return {
    id: 'in_1Pgc6tB7WZ01zgkWu9fdqL6I',
    customer: 'cus_QXg1o8vcGmoR32',
    status: 'open',
    amount_due: 1000,
    amount_remaining: 1000,
    currency: 'usd',
    due_date: CREATED,
    description: null,
    number: 'TND-0001',
    lines: { data: [{ description: 'My First Invoice Item (created for API docs)' }] },
    ...overrides,
  };
}

export function paymentIntentWire(overrides: Partial<WirePaymentIntent> = {}): WirePaymentIntent {
  return {
    id: 'pi_1PgafyB7WZ01zgkWSjxsAJo3',
    amount: 1099,
    currency: 'usd',
    status: 'succeeded',
    customer: 'cus_QXg1o8vcGmoR32',
    payment_method: 'pm_1Pgc75B7WZ01zgkWlHVgdEGJ',
    description: 'Service call',
    created: CREATED,
    metadata: {},
    last_payment_error: null,
    latest_charge: 'ch_1PgafuB7WZ01zgkWXYmPNZs8',
    ...overrides,
  };
}

/** A PaymentIntent as Stripe returns it after a decline: method moved onto the error. */
export function declinedIntentWire(code: string, declineCode?: string): WirePaymentIntent {
  return paymentIntentWire({
    status: 'requires_payment_method',
    payment_method: null,
    latest_charge: 'ch_1PgafuB7WZ01zgkWXYmPNZs8',
    last_payment_error: {
      code,
      decline_code: declineCode ?? null,
      message: 'Your card was declined.',
      payment_method: { id: 'pm_1Pgc75B7WZ01zgkWlHVgdEGJ' },
    },
  });
}

export function refundWire(overrides: Partial<WireRefund> = {}): WireRefund {
  return {
    id: 're_1Pgc72B7WZ01zgkWqPvrRrPE',
    amount: 100,
    currency: 'usd',
    status: 'succeeded',
    reason: null,
    payment_intent: 'pi_1PgafyB7WZ01zgkWSjxsAJo3',
    created: CREATED,
    metadata: {},
    ...overrides,
  };
}

export function checkoutSessionWire(overrides: Partial<WireCheckoutSession> = {}): WireCheckoutSession {
  return {
    id: 'cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41PJqDWkIVQCpJPqkfIhd6tVY8XB1OLY',
    url: 'https://checkout.stripe.com/pay/c/cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41PJqDWkIVQCpJPqkfIhd6tVY8XB1OLY',
    status: 'open',
    amount_total: 24700,
    currency: 'usd',
    expires_at: CREATED + 3600,
    customer: null,
    payment_intent: null,
    metadata: {},
    ...overrides,
  };
}

export function priceWire(overrides: Partial<WirePrice> = {}): WirePrice {
  return {
    id: 'price_1PgafmB7WZ01zgkW6dKueIc5',
    nickname: null,
    unit_amount: 2000,
    currency: 'usd',
    recurring: { interval: 'month', interval_count: 1 },
    product: 'prod_QXg1hqf4jFNsqG',
    ...overrides,
  };
}

export function subscriptionWire(overrides: Partial<WireSubscription> = {}): WireSubscription {
  return {
    id: 'sub_1Pgc6rB7WZ01zgkWNy0Cn5nw',
    customer: 'cus_QXg1o8vcGmoR32',
    status: 'active',
    cancel_at_period_end: false,
    canceled_at: null,
    default_payment_method: null,
    items: { data: [{ id: 'si_QXhVnC2h0Jczwc', price: priceWire(), current_period_end: CREATED + 2_592_000 }] },
    ...overrides,
  };
}
