import { describe, expect, it } from 'vitest';
import { notificationsOf } from './webhook-mapping.js';
import type { WireEvent } from './wire.js';

/** Pure mapping of events the sandbox does not emit; the others are mapped in webhooks.test.ts from real events. */
const CREATED = 1_790_000_000;
const event = (type: string, object: Record<string, unknown> & { id: string }): WireEvent => ({
  id: `evt_${type.replace(/\W/g, '_')}`, type, created: CREATED, data: { object },
});
const refund = (status: string) => ({
  id: 're_1', object: 'refund', amount: 500, currency: 'usd', status, reason: null, payment_intent: 'pi_1', created: CREATED, metadata: {},
});

describe('notificationsOf', () => {
  it.each([
    ['refund.updated', 'succeeded', 'refund.succeeded'],
    ['charge.refund.updated', 'failed', 'refund.failed'],
    ['refund.updated', 'canceled', 'refund.failed'],
    ['refund.failed', 'failed', 'refund.failed'],
    ['refund.updated', 'pending', 'stripe.refund.updated'],
  ])('maps %s with status %s to %s, about the refund', (type, status, neutral) => {
    const [notification] = notificationsOf(event(type, refund(status)));
    expect(notification).toEqual({
      id: `evt_${type.replace(/\W/g, '_')}`,
      type: neutral,
      subjectId: 're_1',
      occurredAt: new Date(CREATED * 1000),
      data: { eventType: type, paymentId: 'pi_1', amount: 500, currency: 'USD', refundStatus: status },
    });
  });

  it("maps a subscription invoice's failed payment to subscription.past_due, about the subscription", () => {
    const invoice = {
      id: 'in_1', customer: 'cus_1', status: 'open', amount_paid: 0, amount_remaining: 2_900, attempt_count: 2, currency: 'usd',
      parent: { subscription_details: { subscription: 'sub_1' }, type: 'subscription_details' },
    };
    expect(notificationsOf(event('invoice.payment_failed', invoice))[0]).toMatchObject({
      type: 'subscription.past_due',
      subjectId: 'sub_1',
      data: { invoiceId: 'in_1', customerId: 'cus_1', amountDue: 2_900, currency: 'USD', attemptCount: 2 },
    });
    const legacy = { ...invoice, parent: null, subscription: 'sub_2' };
    expect(notificationsOf(event('invoice.payment_failed', legacy))[0]?.subjectId).toBe('sub_2');
  });

  it('keeps a one-off invoice whose payment failed, and any other type, as stripe.<type>', () => {
    const oneOff = { id: 'in_2', customer: 'cus_1', status: 'open', amount_paid: 0, amount_remaining: 100, currency: 'usd', parent: null };
    expect(notificationsOf(event('invoice.payment_failed', oneOff))[0]).toMatchObject({
      type: 'stripe.invoice.payment_failed', subjectId: 'in_2', data: { eventType: 'invoice.payment_failed' },
    });
    expect(notificationsOf(event('customer.created', { id: 'cus_9', email: 'someone@example.com' }))[0]).toEqual({
      id: 'evt_customer_created', type: 'stripe.customer.created', subjectId: 'cus_9', occurredAt: new Date(CREATED * 1000),
      data: { eventType: 'customer.created' },
    });
  });

  it('leaves out what the object does not carry', () => {
    const session = { id: 'cs_1', status: 'expired', amount_total: 1_000, currency: 'usd', customer: null, payment_intent: null, metadata: {} };
    expect(notificationsOf(event('checkout.session.expired', session))[0]?.data).toEqual({
      eventType: 'checkout.session.expired', amount: 1_000, currency: 'USD',
    });
  });
});
