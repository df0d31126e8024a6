import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf, openTestBed, type SandboxTestBed } from './testing/test-bed.js';

let bed: SandboxTestBed;
beforeAll(async () => {
  bed = await openTestBed();
});
afterAll(() => bed.close());

const inMinutes = (minutes: number) => Math.floor(Date.now() / 1000) + minutes * 60;

async function newCustomer(): Promise<string> {
  return (await bed.stripe.customers.create({ name: 'List Test', email: `list-${Date.now()}@example.com` })).id;
}

function createSession(customer: string, overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return bed.stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [{ price_data: { currency: 'usd', unit_amount: 2_500, product_data: { name: 'Visit' } }, quantity: 1 }],
    customer,
    expires_at: inMinutes(60),
    success_url: 'https://example.com/paid',
    ...overrides,
  });
}

async function complete(sessionId: string) {
  const response = await fetch(`${bed.sandbox.url}/_sandbox/checkout/sessions/${sessionId}/complete`, { method: 'POST' });
  expect(response.status).toBe(200);
}

const idsOf = (sessions: Array<{ id: string }>) => sessions.map((session) => session.id);

describe('listing checkout sessions', () => {
  it("filters by customer and status, newest first, an overdue session counting as expired", async () => {
    const customer = await newCustomer();
    const paid = await createSession(customer);
    const expired = await createSession(customer);
    const overdue = await createSession(customer, { expires_at: inMinutes(31) });
    const open = await createSession(customer);
    await createSession(await newCustomer());
    await complete(paid.id);
    await bed.stripe.checkout.sessions.expire(expired.id);
    bed.sandbox.state.clock.advance(32 * 60);
    try {
      const all = await bed.stripe.checkout.sessions.list({ customer });
      expect(idsOf(all.data)).toEqual([open.id, overdue.id, expired.id, paid.id]);
      const openOnes = await bed.stripe.checkout.sessions.list({ customer, status: 'open' });
      expect(idsOf(openOnes.data)).toEqual([open.id]);
      const expiredOnes = await bed.stripe.checkout.sessions.list({ customer, status: 'expired' });
      expect(expiredOnes.data.map((session) => [session.id, session.url])).toEqual([[overdue.id, null], [expired.id, null]]);
      const complete = await bed.stripe.checkout.sessions.list({ customer, status: 'complete' });
      expect(complete.data).toMatchObject([{ id: paid.id, payment_status: 'paid' }]);
    } finally {
      bed.sandbox.state.clock.advance(-32 * 60);
    }
  });

  it('pages with cursors that stay valid when the cursor session no longer matches', async () => {
    const customer = await newCustomer();
    const created = [];
    for (let index = 0; index < 5; index += 1) created.push((await createSession(customer)).id);
    const newestFirst = [...created].reverse();

    const first = await bed.stripe.checkout.sessions.list({ customer, status: 'open', limit: 2 });
    expect(idsOf(first.data)).toEqual(newestFirst.slice(0, 2));
    expect(first.has_more).toBe(true);
    // Expiring what was read (the cursor included) must not break the next page.
    for (const session of first.data) await bed.stripe.checkout.sessions.expire(session.id);
    const second = await bed.stripe.checkout.sessions.list({ customer, status: 'open', limit: 2, starting_after: first.data[1]!.id });
    expect(idsOf(second.data)).toEqual(newestFirst.slice(2, 4));
    expect(second.has_more).toBe(true);
    const back = await bed.stripe.checkout.sessions.list({ customer, limit: 2, ending_before: newestFirst[2]! });
    expect(idsOf(back.data)).toEqual(newestFirst.slice(0, 2));

    const everything = await bed.stripe.checkout.sessions.list({ customer, limit: 2 }).autoPagingToArray({ limit: 100 });
    expect(idsOf(everything)).toEqual(newestFirst);
  });

  it('filters by payment_intent, payer email and created, and expands data.line_items', async () => {
    const customer = await newCustomer();
    const paid = await createSession(customer);
    await createSession(customer);
    await complete(paid.id);
    const intent = String((await bed.stripe.checkout.sessions.retrieve(paid.id)).payment_intent);
    expect(idsOf((await bed.stripe.checkout.sessions.list({ payment_intent: intent })).data)).toEqual([paid.id]);

    const email = String(bed.sandbox.state.customers.get(customer)?.email);
    const byEmail = await bed.stripe.checkout.sessions.list({ customer_details: { email } });
    expect(idsOf(byEmail.data)).toEqual([paid.id]);

    const createdAt = paid.created;
    const sinceThen = await bed.stripe.checkout.sessions.list({ customer, created: { gte: createdAt } });
    expect(sinceThen.data).toHaveLength(2);
    expect((await bed.stripe.checkout.sessions.list({ customer, created: { lt: createdAt } })).data).toEqual([]);

    const withItems = await bed.stripe.checkout.sessions.list({ customer, expand: ['data.line_items'] });
    expect(withItems.data[0]?.line_items?.data[0]).toMatchObject({ description: 'Visit', amount_total: 2_500 });
    expect((await bed.stripe.checkout.sessions.list({ customer })).data[0]?.line_items).toBeUndefined();
    expect((await bed.stripe.checkout.sessions.list({ customer, payment_link: 'plink_missing' })).data).toEqual([]);
  });

  it('refuses an unknown customer, status or parameter as Stripe does', async () => {
    expect(await failureOf(bed.stripe.checkout.sessions.list({ customer: 'cus_missing' }))).toMatchObject({
      statusCode: 400, code: 'resource_missing', param: 'customer',
    });
    expect(await failureOf(bed.stripe.checkout.sessions.list({ status: 'paid' }))).toMatchObject({ statusCode: 400, param: 'status' });
    const unknown = await failureOf(bed.stripe.checkout.sessions.list({ colour: 'blue' } as Stripe.Checkout.SessionListParams));
    expect(unknown).toMatchObject({ statusCode: 400, code: 'parameter_unknown' });
  });
});
