import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestBed, type SandboxTestBed } from './testing/test-bed.js';

/**
 * Every object the sandbox returns carries the fields of Stripe's published example for
 * its resource (test/reference/specs/stripe-fixtures3.json, copied from the published spec) with the same JSON types.
 * null stands in for a nullable field either side, as Stripe sends null where the
 * example shows one variant of an optional object; metadata contents are free-form.
 */
const FIXTURES = JSON.parse(
  readFileSync(new URL('../../../test/reference/specs/stripe-fixtures3.json', import.meta.url), 'utf8'),
) as { resources: Record<string, unknown> };

function kindOf(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}

/** Paths where `actual` lacks a fixture field or holds another JSON type. */
function shapeDifferences(fixture: unknown, actual: unknown, path = ''): string[] {
  if (fixture === null || actual === null) return [];
  if (kindOf(fixture) !== kindOf(actual)) return [`${path || '.'}: ${kindOf(actual)} instead of ${kindOf(fixture)}`];
  if (Array.isArray(fixture) && Array.isArray(actual)) {
    return fixture.length && actual.length ? shapeDifferences(fixture[0], actual[0], `${path}[0]`) : [];
  }
  if (kindOf(fixture) !== 'object') return [];
  const actualObject = actual as Record<string, unknown>;
  return Object.entries(fixture as Record<string, unknown>).flatMap(([key, value]) => {
    if (!(key in actualObject)) return [`${path}.${key}: missing`];
    // Metadata keys are the integrator's own data, not part of the shape.
    return key === 'metadata' ? shapeDifferences({}, actualObject[key], `${path}.${key}`) : shapeDifferences(value, actualObject[key], `${path}.${key}`);
  });
}

let bed: SandboxTestBed;
const samples: Record<string, unknown> = {};

beforeAll(async () => {
  bed = await openTestBed();
  const { stripe, sandbox } = bed;
  const intent = await stripe.paymentIntents.create({ amount: 2_000, currency: 'usd', customer: 'cus_demo_jordan', payment_method: 'pm_demo_jordan_visa', confirm: true, off_session: true });
  const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 500 });
  const session = await stripe.checkout.sessions.create({
    mode: 'payment', success_url: 'https://example.com',
    line_items: [{ price_data: { currency: 'usd', unit_amount: 1_000, product_data: { name: 'Visit' } }, quantity: 1 }],
  });
  await stripe.subscriptions.update('sub_demo_jordan', { items: [{ id: 'si_demo_jordan_basic', price: 'price_plus_monthly' }], proration_behavior: 'create_prorations' });
  const subscription = await stripe.subscriptions.retrieve('sub_demo_jordan');
  const invoice = await stripe.invoices.retrieve('in_demo_jordan_247');
  Object.assign(samples, {
    customer: await stripe.customers.retrieve('cus_demo_jordan'),
    payment_method: await stripe.paymentMethods.retrieve('pm_demo_jordan_visa'),
    payment_intent: intent,
    charge: await stripe.charges.retrieve(String(intent.latest_charge)),
    refund,
    invoice,
    line_item: invoice.lines.data[0],
    invoice_payment: (await stripe.invoicePayments.list({ invoice: invoice.id })).data[0],
    invoiceitem: [...sandbox.state.invoiceItems.values()][0],
    'checkout.session': session,
    price: await stripe.prices.retrieve('price_plus_monthly'),
    product: await stripe.products.retrieve('prod_demo_plus'),
    subscription,
    subscription_item: subscription.items.data[0],
  });
});
afterAll(() => bed.close());

describe('object shapes match Stripe fixtures', () => {
  it.each([
    'customer', 'payment_method', 'payment_intent', 'charge', 'refund', 'invoice', 'line_item', 'invoice_payment',
    'invoiceitem', 'checkout.session', 'price', 'product', 'subscription', 'subscription_item',
  ])('%s', (resource) => {
    const sample = samples[resource];
    expect(sample, `no ${resource} sample`).toBeTypeOf('object');
    expect((sample as { object: string }).object).toBe(resource);
    expect(shapeDifferences(FIXTURES.resources[resource], JSON.parse(JSON.stringify(sample)))).toEqual([]);
  });

  it('event, around an object of its own type', async () => {
    const created = [...bed.sandbox.events.values()].find((event) => event.type === 'charge.refunded');
    const event = JSON.parse(JSON.stringify(await bed.stripe.events.retrieve(String(created?.id)))) as { object: string; data: { object: unknown } };
    expect(event.object).toBe('event');
    // The fixture's event is about a plan; the sandbox's events are about the objects above.
    const fixture = FIXTURES.resources['event'] as { data: object };
    expect(shapeDifferences({ ...fixture, data: { object: {} } }, event)).toEqual([]);
    expect(shapeDifferences(FIXTURES.resources['charge'], event.data.object)).toEqual([]);
  });

  it('the comparison itself notices a missing field and a wrong type', () => {
    expect(shapeDifferences({ a: 1, b: { c: 'x' } }, { b: { c: 2 } })).toEqual(['.a: missing', '.b.c: number instead of string']);
  });
});
