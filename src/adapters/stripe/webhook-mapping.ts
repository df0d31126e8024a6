import type { ProcessorNotification } from '../../core/processor-port.js';
import { declineDetailOf } from './declines.js';
import { dateOf, idOf, paymentStatusOf } from './mapping.js';
import { subscriptionStatusOf } from './subscription-mapping.js';
import {
  TENDER_METADATA,
  type WireCheckoutSession,
  type WireEvent,
  type WireEventInvoice,
  type WirePaymentIntent,
  type WireRefund,
  type WireRefundedCharge,
  type WireSubscription,
} from './wire.js';

type Data = Record<string, string | number | boolean>;
type Fact = { type: string; subjectId: string; data: Data };

/**
 * Pure: one verified Stripe event in neutral terms. The id is the event's (evt_...),
 * which Stripe keeps for every redelivery of the event, so the receiver deduplicates on
 * it; occurredAt is the event's `created`. Every notification carries `eventType`, the
 * Stripe type it came from.
 *
 * checkout.session.completed / expired: payment_link.completed / expired (subject: the
 * session); payment_intent.succeeded / payment_failed: payment.succeeded /
 * payment.declined (subject: the PaymentIntent, Tender's payment id); charge.refunded:
 * refund.succeeded (subject: the payment); refund.updated, charge.refund.updated and
 * refund.failed: refund.succeeded or refund.failed as the refund's status says (subject:
 * the refund); invoice.paid: invoice.paid; invoice.payment_failed of a subscription's
 * invoice: subscription.past_due (subject: the subscription);
 * customer.subscription.updated / deleted: subscription.updated / canceled. Anything
 * else, a refund still pending included, is kept as `stripe.<type>`, for the record.
 *
 * The data is the event's snapshot, which may be older than a later event's (Stripe
 * does not order events): it is a record of what happened, and nothing here decides
 * about money (webhooks.ts reads the current state for that).
 */
export function notificationsOf(event: WireEvent): ProcessorNotification[] {
  const fact = factOf(event) ?? { type: `stripe.${event.type}`, subjectId: event.data.object.id, data: {} };
  const notification: ProcessorNotification = {
    id: event.id,
    type: fact.type,
    subjectId: fact.subjectId,
    data: { eventType: event.type, ...fact.data },
  };
  const occurredAt = dateOf(event.created);
  if (occurredAt) notification.occurredAt = occurredAt;
  return [notification];
}

function factOf(event: WireEvent): Fact | undefined {
  const object = event.data.object as unknown;
  switch (event.type) {
    case 'checkout.session.completed':
      return linkFact('payment_link.completed', object as WireCheckoutSession);
    case 'checkout.session.expired':
      return linkFact('payment_link.expired', object as WireCheckoutSession);
    case 'payment_intent.succeeded':
      return paymentFact('payment.succeeded', object as WirePaymentIntent);
    case 'payment_intent.payment_failed':
      return declineFact(object as WirePaymentIntent);
    case 'charge.refunded':
      return chargeRefundedFact(object as WireRefundedCharge);
    case 'refund.updated':
    case 'charge.refund.updated':
    case 'refund.failed':
      return refundFact(event.type, object as WireRefund);
    case 'invoice.paid':
      return invoicePaidFact(object as WireEventInvoice);
    case 'invoice.payment_failed':
      return pastDueFact(object as WireEventInvoice);
    case 'customer.subscription.updated':
      return subscriptionFact('subscription.updated', object as WireSubscription);
    case 'customer.subscription.deleted':
      return subscriptionFact('subscription.canceled', object as WireSubscription);
    default:
      return undefined;
  }
}

function linkFact(type: string, session: WireCheckoutSession): Fact {
  return {
    type,
    subjectId: session.id,
    data: compact({
      paymentId: idOf(session.payment_intent),
      amount: session.amount_total,
      currency: currencyOf(session.currency),
      invoiceId: session.metadata?.[TENDER_METADATA.invoiceId],
      customerId: idOf(session.customer),
      paymentStatus: session.payment_status,
    }),
  };
}

function paymentFact(type: string, intent: WirePaymentIntent): Fact {
  return {
    type,
    subjectId: intent.id,
    data: compact({
      amount: intent.amount,
      currency: currencyOf(intent.currency),
      customerId: idOf(intent.customer),
      invoiceId: intent.metadata?.[TENDER_METADATA.invoiceId],
      paymentStatus: paymentStatusOf(intent),
    }),
  };
}

/** The neutral reason and Stripe's raw code, as a Charge answer would give them (declines.ts). */
function declineFact(intent: WirePaymentIntent): Fact {
  const fact = paymentFact('payment.declined', intent);
  const decline = declineDetailOf(intent.last_payment_error ?? {});
  fact.data.declineReason = decline.reason;
  fact.data.processorCode = decline.processorCode;
  return fact;
}

function chargeRefundedFact(charge: WireRefundedCharge): Fact {
  const paymentId = idOf(charge.payment_intent);
  return {
    type: 'refund.succeeded',
    subjectId: paymentId || charge.id,
    data: compact({
      paymentId,
      chargeId: charge.id,
      amount: charge.amount,
      amountRefunded: charge.amount_refunded,
      currency: currencyOf(charge.currency),
      fullyRefunded: charge.refunded,
    }),
  };
}

const REFUND_OUTCOMES: Readonly<Record<string, string>> = {
  succeeded: 'refund.succeeded',
  failed: 'refund.failed',
  canceled: 'refund.failed',
};

function refundFact(eventType: string, refund: WireRefund): Fact {
  return {
    type: REFUND_OUTCOMES[refund.status ?? ''] ?? `stripe.${eventType}`,
    subjectId: refund.id,
    data: compact({
      paymentId: idOf(refund.payment_intent),
      amount: refund.amount,
      currency: currencyOf(refund.currency),
      refundStatus: refund.status,
    }),
  };
}

function subscriptionOf(invoice: WireEventInvoice): string {
  return idOf(invoice.parent?.subscription_details?.subscription) || idOf(invoice.subscription);
}

function invoicePaidFact(invoice: WireEventInvoice): Fact {
  return {
    type: 'invoice.paid',
    subjectId: invoice.id,
    data: compact({
      customerId: idOf(invoice.customer),
      amountPaid: invoice.amount_paid,
      currency: currencyOf(invoice.currency),
      subscriptionId: subscriptionOf(invoice),
    }),
  };
}

/** A one-off invoice whose payment failed is no subscription news: kept for the record only. */
function pastDueFact(invoice: WireEventInvoice): Fact | undefined {
  const subscriptionId = subscriptionOf(invoice);
  if (!subscriptionId) return undefined;
  return {
    type: 'subscription.past_due',
    subjectId: subscriptionId,
    data: compact({
      invoiceId: invoice.id,
      customerId: idOf(invoice.customer),
      amountDue: invoice.amount_remaining,
      currency: currencyOf(invoice.currency),
      attemptCount: invoice.attempt_count,
    }),
  };
}

function subscriptionFact(type: string, subscription: WireSubscription): Fact {
  return {
    type,
    subjectId: subscription.id,
    data: compact({
      customerId: idOf(subscription.customer),
      status: subscriptionStatusOf(subscription.status),
      planId: subscription.items?.data?.[0]?.price?.id,
      cancelAtPeriodEnd: subscription.cancel_at_period_end,
    }),
  };
}

function currencyOf(currency: string | null | undefined): string | undefined {
  return currency ? currency.toUpperCase() : undefined;
}

/** Notification data holds facts only: absent, null and empty values are left out. */
function compact(values: Record<string, string | number | boolean | null | undefined>): Data {
  const data: Data = {};
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== '') data[key] = value;
  }
  return data;
}
