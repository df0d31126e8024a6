import { buildCustomer, type CustomerFields, type StripeCustomer } from './resources/customers.js';
import { createFinalizedInvoice, type InvoiceLineInput } from './resources/invoices.js';
import { buildCardPaymentMethod } from './resources/payment-methods.js';
import { buildPrice, buildProduct, type PriceFields } from './resources/prices.js';
import { buildSubscription } from './resources/subscriptions.js';
import type { StripeState } from './state.js';
import { CARDS, type TestCard } from './test-cards.js';

const DAY = 86_400;

/**
 * The demo data of notes/stripe-wire.md, with fixed ids so documentation can cite them:
 * Jordan (pays fine, open invoice, Basic subscription), Sam (card declines for
 * insufficient funds), two Alexes sharing a phone, Casey (card needs 3-D Secure), and
 * the Basic / Plus / Plus yearly prices.
 */
export function seedDemoData(state: StripeState): void {
  const now = state.clock.now();
  seedCatalog(state, now - 90 * DAY);

  const jordan = addCustomer(
    state,
    { id: 'cus_demo_jordan', name: 'Jordan Rivera', phone: '+14155550123', email: 'jordan.rivera@example.com' },
    now - 60 * DAY,
  );
  addDefaultCard(state, jordan, 'pm_demo_jordan_visa', CARDS.visa, now - 60 * DAY);
  createFinalizedInvoice(state, {
    id: 'in_demo_jordan_247',
    number: 'TND-0001',
    customer: jordan,
    currency: 'usd',
    description: 'Plumbing repair, October 14',
    dueDate: now + 7 * DAY,
    lines: [oneOffLine('Plumbing repair, October 14', 24_700, now)],
  });
  const basic = state.prices.get('price_basic_monthly');
  if (basic) {
    const subscription = buildSubscription(
      { id: 'sub_demo_jordan', itemId: 'si_demo_jordan_basic', customer: jordan.id, price: basic, periodStart: now - 10 * DAY },
      now - 40 * DAY,
    );
    state.subscriptions.set(subscription.id, subscription);
  }

  const sam = addCustomer(
    state,
    { id: 'cus_demo_sam', name: 'Sam Lee', phone: '+14155550188', email: 'sam.lee@example.com' },
    now - 50 * DAY,
  );
  addDefaultCard(state, sam, 'pm_demo_sam_visa_declines', CARDS.insufficientFunds, now - 50 * DAY);
  createFinalizedInvoice(state, {
    id: 'in_demo_sam_89',
    number: 'TND-0002',
    customer: sam,
    currency: 'usd',
    description: 'Service call fee',
    dueDate: null,
    lines: [oneOffLine('Service call fee', 8_900, now)],
  });

  const alex = { name: 'Alex Kim', phone: '+14155550142' };
  addCustomer(state, { ...alex, id: 'cus_demo_alex_home', email: 'alex@example.com', description: 'Home' }, now - 40 * DAY);
  addCustomer(state, { ...alex, id: 'cus_demo_alex_work', email: 'alex.work@example.com', description: 'Work' }, now - 30 * DAY);

  const casey = addCustomer(
    state,
    { id: 'cus_demo_casey', name: 'Casey Morgan', phone: '+14155550166', email: 'casey.morgan@example.com' },
    now - 20 * DAY,
  );
  addDefaultCard(state, casey, 'pm_demo_casey_3ds', CARDS.authenticationRequired, now - 20 * DAY);
}

function seedCatalog(state: StripeState, created: number): void {
  const products = [
    buildProduct({ id: 'prod_demo_basic', name: 'Basic' }, created),
    buildProduct({ id: 'prod_demo_plus', name: 'Plus' }, created),
  ];
  for (const product of products) state.products.set(product.id, product);
  const monthly = { interval: 'month' } as const;
  const prices: PriceFields[] = [
    { id: 'price_basic_monthly', product: 'prod_demo_basic', nickname: 'Basic', unitAmount: 1_900, currency: 'usd', recurring: monthly },
    { id: 'price_plus_monthly', product: 'prod_demo_plus', nickname: 'Plus', unitAmount: 3_900, currency: 'usd', recurring: monthly },
    {
      id: 'price_plus_yearly',
      product: 'prod_demo_plus',
      nickname: 'Plus yearly',
      unitAmount: 39_000,
      currency: 'usd',
      recurring: { interval: 'year' },
    },
  ];
  for (const fields of prices) {
    const price = buildPrice(fields, created);
    state.prices.set(price.id, price);
  }
  const [basic, plus] = products;
  if (basic) basic.default_price = 'price_basic_monthly';
  if (plus) plus.default_price = 'price_plus_monthly';
}

function oneOffLine(description: string, amount: number, now: number): InvoiceLineInput {
  return { description, amount, period: { start: now, end: now }, proration: false, price: null, subscriptionItem: null, invoiceItem: null };
}

function addCustomer(state: StripeState, fields: CustomerFields, created: number): StripeCustomer {
  const customer = buildCustomer(fields, created);
  state.customers.set(customer.id, customer);
  return customer;
}

function addDefaultCard(state: StripeState, customer: StripeCustomer, id: string, card: TestCard, created: number): void {
  const paymentMethod = buildCardPaymentMethod(card, { id, customer: customer.id, expMonth: 12, expYear: 2030 }, created);
  state.paymentMethods.set(id, paymentMethod);
  customer.invoice_settings.default_payment_method = id;
}
