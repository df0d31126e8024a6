import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenderError } from '../../core/errors.js';
import { ADYEN_DEMO_SHOPPERS } from '../../sandboxes/adyen/index.js';
import { newContext, startAdyenTestBed, TEST_ACCOUNT_ID, type AdyenTestBed } from './testing/test-bed.js';

const OLD_KEY = '00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF';
let bed: AdyenTestBed;
beforeAll(async () => {
  bed = await startAdyenTestBed();
});
afterAll(async () => {
  await bed?.close();
});

const usd = (amount: number) => ({ amount, currency: 'USD' });
const delivery = (body: string) => ({ rawBody: Buffer.from(body), headers: {} });

async function rejection(promise: Promise<unknown>): Promise<TenderError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(TenderError);
  return error as TenderError;
}

async function authorisationBody(): Promise<string> {
  bed.sandbox.notifications.collect();
  await bed.adapter.charge({ customerId: ADYEN_DEMO_SHOPPERS.jordan, paymentMethodId: '', amount: usd(700), description: '', metadata: {} }, newContext());
  const [body] = bed.sandbox.notifications.collect();
  if (!body) throw new Error('no notification queued');
  return body;
}

describe('parseWebhook', () => {
  it('verifies each item and maps AUTHORISATION to payment.succeeded, with a stable id', async () => {
    const body = await authorisationBody();
    const [notification] = await bed.adapter.parseWebhook!(delivery(body));
    const psp = (JSON.parse(body) as { notificationItems: Array<{ NotificationRequestItem: { pspReference: string } }> }).notificationItems[0]?.NotificationRequestItem.pspReference;
    expect(notification).toMatchObject({
      id: `${psp}:AUTHORISATION:true`, type: 'payment.succeeded', subjectId: psp, data: { amount: 700, currency: 'USD', success: true },
    });
    expect(notification?.occurredAt).toBeInstanceOf(Date);
    expect((await bed.adapter.parseWebhook!(delivery(body)))[0]?.id).toBe(notification?.id);
  });

  it('refuses a tampered item, or one signed with another key, as unauthenticated', async () => {
    const body = await authorisationBody();
    expect((await rejection(bed.adapter.parseWebhook!(delivery(body.replace('"value":700', '"value":70000'))))).code).toBe('unauthenticated');
    const otherKey = bed.adapterWith({ hmacKeyHex: OLD_KEY });
    expect((await rejection(otherKey.parseWebhook!(delivery(body)))).code).toBe('unauthenticated');
    const unsigned = body.replace(/"hmacSignature":"[^"]*"/, '"hmacSignature":""');
    expect((await rejection(bed.adapter.parseWebhook!(delivery(unsigned)))).code).toBe('unauthenticated');
  });

  it('accepts the previous key during a rotation', async () => {
    const body = await authorisationBody();
    const rotating = bed.adapterWith({ hmacKeyHex: OLD_KEY, previousHmacKeyHex: bed.sandbox.hmacKeyHex });
    expect((await rotating.parseWebhook!(delivery(body)))[0]?.type).toBe('payment.succeeded');
  });

  it('reports declines with the neutral reason and the raw code', async () => {
    bed.sandbox.notifications.collect();
    await bed.adapter.charge({ customerId: ADYEN_DEMO_SHOPPERS.sam, paymentMethodId: '', amount: usd(100), description: '', metadata: {} }, newContext());
    const [notification] = await bed.deliverNotifications();
    expect(notification).toMatchObject({
      type: 'payment.declined', data: { declineReason: 'insufficient_funds', processorCode: 'NOT_ENOUGH_BALANCE', reason: 'Not enough balance', success: false },
    });
  });

  it('returns a notification the ledger cannot take (a refund of nothing), changing nothing', async () => {
    await bed.adapter.charge({ customerId: ADYEN_DEMO_SHOPPERS.jordan, paymentMethodId: '', amount: usd(900), description: '', metadata: {} }, newContext());
    const [body] = bed.sandbox.notifications.collect();
    const paymentId = (JSON.parse(body ?? '') as { notificationItems: Array<{ NotificationRequestItem: { pspReference: string } }> }).notificationItems[0]!.NotificationRequestItem.pspReference;
    bed.sandbox.notifications.emit({
      eventCode: 'REFUND', success: true, pspReference: 'ZEROREFUND000001', originalReference: paymentId, merchantReference: 'manual', amount: { currency: 'USD', value: 0 },
    });
    expect((await bed.deliverNotifications()).map((n) => n.type)).toEqual(['refund.succeeded']);
    expect(await bed.ledger.get(TEST_ACCOUNT_ID, paymentId)).toMatchObject({ amountRefunded: 0, refunds: [] });
  });

  it('refuses a body that is not a notification', async () => {
    expect((await rejection(bed.adapter.parseWebhook!(delivery('not json')))).code).toBe('invalid_argument');
    expect((await rejection(bed.adapter.parseWebhook!(delivery('{"live":"false"}')))).code).toBe('invalid_argument');
  });

  it('is absent when no HMAC key is configured', () => {
    expect(bed.adapterWith({ hmacKeyHex: undefined }).parseWebhook).toBeUndefined();
  });
});

describe('payment links', () => {
  it('a paid link reads completed with its payment, which can then be refunded', async () => {
    const link = await bed.adapter.createPaymentLink(
      { amount: usd(24_700), customerId: ADYEN_DEMO_SHOPPERS.jordan, invoiceId: '', description: 'Plumbing repair', expiresAt: new Date(Date.now() + 3_600_000) },
      newContext(),
    );
    expect(link).toMatchObject({ status: 'open', paymentId: '', description: 'Plumbing repair', customerId: ADYEN_DEMO_SHOPPERS.jordan });
    bed.sandbox.notifications.collect();
    const payment = bed.sandbox.payPaymentLink(link.id);
    const notifications = await bed.deliverNotifications();
    expect(notifications.map((n) => [n.type, n.subjectId])).toEqual([
      ['payment.succeeded', payment.pspReference],
      ['payment_link.completed', link.id],
    ]);
    expect(notifications[1]?.id).toBe(`${payment.pspReference}:AUTHORISATION:true:payment_link`);
    expect(await bed.adapter.getPaymentLink(link.id)).toMatchObject({ status: 'completed', paymentId: payment.pspReference });
    expect(await bed.adapter.getPayment(payment.pspReference)).toMatchObject({ status: 'succeeded', amount: usd(24_700), customerId: ADYEN_DEMO_SHOPPERS.jordan });
    expect((await bed.adapter.refund({ paymentId: payment.pspReference, reason: 'other', note: '' }, newContext())).status).toBe('pending');
  });

  it('keeps the invoice id in metadata, the expiry to the second, and reads expired after it passes', async () => {
    const expiresAt = new Date(Date.now() + 120_000);
    const link = await bed.adapter.createPaymentLink({ amount: usd(500), customerId: '', invoiceId: 'inv-7', description: '', expiresAt }, newContext());
    expect(link.invoiceId).toBe('inv-7');
    expect(link.expiresAt?.getTime()).toBe(Math.floor(expiresAt.getTime() / 1000) * 1000);
    bed.sandbox.state.clock.advance(121);
    try {
      expect((await bed.adapter.getPaymentLink(link.id))?.status).toBe('expired');
    } finally {
      bed.sandbox.state.clock.advance(-121);
    }
  });

  it('an expiry beyond 70 days is refused by Adyen as invalid_argument', async () => {
    const far = new Date(Date.now() + 71 * 86_400_000);
    const error = await rejection(bed.adapter.createPaymentLink({ amount: usd(500), customerId: '', invoiceId: '', description: '', expiresAt: far }, newContext()));
    expect(error.code).toBe('invalid_argument');
  });
});
