import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTender, type RunningTender } from '../../src/app.js';
import { validateConfig } from '../../src/config/validate.js';
import { CustomerService } from '../../src/gen/tender/v1/customers_pb.js';
import { PaymentService } from '../../src/gen/tender/v1/payments_pb.js';
import { signatureHeader, startStripeSandbox, type StripeSandbox } from '../../src/sandboxes/stripe/index.js';
import { hashApiKey } from '../../src/server/api-key.js';
import { makeClient } from '../../src/server/client.js';
import { silentLogger } from '../../src/server/logger.js';

/**
 * Stripe webhooks through Tender: the sandbox delivers signed events to Tender's
 * POST /webhooks/<account>, whose Stripe account holds the endpoint secret. A caller pays
 * an invoice's link on the hosted page and nothing else happens: no GetPaymentLink, no
 * PayInvoice. The checkout.session.completed webhook alone settles the invoice, and it is
 * recorded once however often it arrives.
 */
const KEY = 'e2e-stripe-webhooks-key';
const WEBHOOK_SECRET = 'whsec_e2e_stripe_webhooks';
const ACCOUNT = 'acme-stripe';
let stripe: StripeSandbox;
let tender: RunningTender;
let payments: ReturnType<typeof makeClient<typeof PaymentService>>;
let customers: ReturnType<typeof makeClient<typeof CustomerService>>;

beforeAll(async () => {
  stripe = await startStripeSandbox({ webhookSecret: WEBHOOK_SECRET, webhookRetryDelaysMs: [50, 100, 200] });
  const config = validateConfig({
    listen: { grpc: '127.0.0.1:0', http: '127.0.0.1:0' },
    accounts: [{
      id: ACCOUNT, processor: 'stripe',
      credentials: { secretKey: { env: 'E2E_WH_STRIPE_KEY' }, webhookSecret: { env: 'E2E_WH_STRIPE_WHSEC' } },
      // No SDK retries: a failed read fails the delivery at once, and Stripe's own redelivery is what is tested.
      settings: { baseUrl: stripe.url, timeoutMs: 5_000, maxNetworkRetries: 0 },
    }],
    tenants: [{ id: 'acme', accounts: [ACCOUNT] }],
    apiKeys: [{ id: 'acme', tenant: 'acme', sha256: hashApiKey(KEY), scopes: ['*'] }],
  });
  tender = await startTender(config, {
    env: { E2E_WH_STRIPE_KEY: stripe.secretKey, E2E_WH_STRIPE_WHSEC: WEBHOOK_SECRET },
    logger: silentLogger(),
  });
  payments = makeClient(PaymentService, tender.grpc.address);
  customers = makeClient(CustomerService, tender.grpc.address);
  const pointed = await fetch(`${stripe.url}/_sandbox/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: `http://${tender.http!.address}/webhooks/${ACCOUNT}` }),
  });
  expect(pointed.status).toBe(200);
});

afterAll(async () => {
  payments?.close();
  customers?.close();
  await tender?.close(1000);
  await stripe?.close();
});

const as = { apiKey: KEY, deadlineMs: 15_000 };
const webhookEvents = async () =>
  (await tender.store.events.read('acme', { limit: 1000 })).filter((event) => event.data['source'] === 'webhook');

describe('Stripe webhooks through Tender', () => {
  it('settle an invoice paid through its link with no other call, recording payment_link.completed once', async () => {
    const sam = `${ACCOUNT}:cus_demo_sam`;
    const invoiceId = `${ACCOUNT}:in_demo_sam_89`;
    const { response } = await payments.createPaymentLink({ idempotencyKey: randomUUID(), invoiceId }, as);
    const linkId = response.paymentLink!.id.slice(`${ACCOUNT}:`.length);
    // Stripe cannot be read once while the first delivery is handled: Tender answers 503, the sandbox delivers again.
    stripe.faults.add({ path: `/v1/checkout/sessions/${linkId}`, method: 'GET', mode: 'error500', times: 1 });

    const paid = await fetch(`${stripe.url}/_sandbox/checkout/sessions/${linkId}/complete`, { method: 'POST' });
    expect(paid.status).toBe(200);
    await stripe.webhooks.idle();

    const completed = stripe.state.webhookDeliveries.filter((delivery) => delivery.type === 'checkout.session.completed');
    expect(completed).toHaveLength(1);
    expect(completed[0]).toMatchObject({ statuses: [503, 200], delivered: true });
    expect(stripe.state.webhookDeliveries.every((delivery) => delivery.delivered)).toBe(true);

    const balance = await customers.getBalance({ customerId: sam }, as);
    expect(balance.response.openInvoices.map((invoice) => invoice.id)).not.toContain(invoiceId);
    expect(stripe.state.invoices.get('in_demo_sam_89')).toMatchObject({ status: 'paid', amount_remaining: 0 });

    const again = await stripe.webhooks.redeliver(completed[0]!.eventId);
    expect(again.statuses).toEqual([200]);
    const linkEvents = (await webhookEvents()).filter((event) => event.type === 'payment_link.completed');
    expect(linkEvents).toHaveLength(1);
    const intentId = stripe.state.checkoutSessions.get(linkId)?.payment_intent;
    expect(linkEvents[0]).toMatchObject({
      accountId: ACCOUNT,
      data: {
        subjectId: linkId, notificationId: completed[0]!.eventId, paymentId: String(intentId),
        invoiceId: 'in_demo_sam_89', amount: 8_900, currency: 'USD',
      },
    });
    // The payment and the invoice were reported too, each once.
    const types = (await webhookEvents()).map((event) => event.type);
    expect(types.filter((type) => type === 'payment.succeeded')).toHaveLength(1);
    expect(types.filter((type) => type === 'invoice.paid')).toHaveLength(1);
  });

  it('refuses a delivery signed with another secret, recording nothing', async () => {
    const before = (await webhookEvents()).length;
    const body = JSON.stringify([...stripe.events.values()].at(-1));
    const response = await fetch(`http://${tender.http!.address}/webhooks/${ACCOUNT}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signatureHeader('whsec_forged', Math.floor(Date.now() / 1000), body) },
      body,
    });
    expect(response.status).toBe(401);
    expect(await webhookEvents()).toHaveLength(before);
  });
});
