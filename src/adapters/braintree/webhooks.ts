import { TenderError } from '../../core/errors.js';
import type { ProcessorAdapter, ProcessorNotification } from '../../core/processor-port.js';
import type { BraintreeDeps } from './calls.js';
import { declineOf } from './declines.js';
import { outcomeOfBraintreeFailure } from './errors.js';
import { dateOf, moneyOf } from './mapping.js';
import type { WireNotification, WireSubscription, WireTransaction } from './wire.js';

/**
 * Braintree webhooks: a form-encoded body `bt_signature=...&bt_payload=...`, verified by
 * the SDK (`webhookNotification.parse`: HMAC-SHA1 keyed by the private key, the public
 * key named in the signature). Headers carry nothing. The signature has no timestamp,
 * so a replay verifies: each notification gets an id made of its kind, subject and
 * timestamp, for the caller to deduplicate (payments-domain.md, "Webhooks").
 */
export function webhookOperation(deps: BraintreeDeps): NonNullable<ProcessorAdapter['parseWebhook']> {
  return async (delivery) => {
    const form = new URLSearchParams(delivery.rawBody.toString('utf8'));
    const signature = form.get('bt_signature');
    const payload = form.get('bt_payload');
    if (!signature || !payload) {
      throw new TenderError('unauthenticated', 'not a Braintree webhook delivery: bt_signature and bt_payload are required');
    }
    let notification: WireNotification;
    try {
      notification = await deps.gateway.webhookNotification.parse(signature, payload);
    } catch (error) {
      const failure = outcomeOfBraintreeFailure(error, { kind: 'read' });
      throw failure.code === 'unauthenticated' ? failure : new TenderError('invalid_argument', 'Braintree webhook payload is not readable');
    }
    return notificationsOf(notification, deps.currency);
  };
}

type Subject = 'subscription' | 'subscription_charge' | 'transaction' | 'disbursement';

/** Braintree kinds with a neutral meaning; any other is kept as `braintree.<kind>`, for the record. */
const KINDS: Readonly<Record<string, { type: string; subject: Subject }>> = {
  subscription_went_past_due: { type: 'subscription.past_due', subject: 'subscription' },
  subscription_went_active: { type: 'subscription.active', subject: 'subscription' },
  subscription_canceled: { type: 'subscription.canceled', subject: 'subscription' },
  subscription_expired: { type: 'subscription.expired', subject: 'subscription' },
  subscription_trial_ended: { type: 'subscription.trial_ended', subject: 'subscription' },
  subscription_charged_successfully: { type: 'payment.succeeded', subject: 'subscription_charge' },
  subscription_charged_unsuccessfully: { type: 'payment.declined', subject: 'subscription_charge' },
  transaction_settled: { type: 'payment.settled', subject: 'transaction' },
  transaction_settlement_declined: { type: 'payment.declined', subject: 'transaction' },
  transaction_disbursed: { type: 'payment.disbursed', subject: 'transaction' },
  refund_failed: { type: 'refund.failed', subject: 'transaction' },
  disbursement: { type: 'payout.paid', subject: 'disbursement' },
};

/** Pure: one verified notification in neutral terms (card-free facts only). */
export function notificationsOf(wire: WireNotification, currency: string): ProcessorNotification[] {
  const known = KINDS[wire.kind];
  const fact = (known && factOf(known, wire, currency)) ?? recordOnly(wire);
  const notification: ProcessorNotification = {
    id: `${wire.kind}:${fact.subjectId}:${wire.timestamp ?? ''}`,
    type: fact.type,
    subjectId: fact.subjectId,
    data: fact.data,
  };
  const occurredAt = dateOf(wire.timestamp);
  if (occurredAt) notification.occurredAt = occurredAt;
  return [notification];
}

type Fact = { type: string; subjectId: string; data: Record<string, string | number | boolean> };

function factOf(known: { type: string; subject: Subject }, wire: WireNotification, currency: string): Fact | undefined {
  switch (known.subject) {
    case 'subscription':
      return wire.subscription && { type: known.type, subjectId: wire.subscription.id, data: subscriptionData(wire.subscription, currency) };
    case 'subscription_charge': {
      const subscription = wire.subscription;
      if (!subscription) return undefined;
      // The charge is the subscription's newest transaction.
      const charge = subscription.transactions?.[0];
      const data = { ...subscriptionData(subscription, currency), ...(charge ? transactionData(charge, currency) : {}) };
      return { type: known.type, subjectId: charge?.id ?? subscription.id, data };
    }
    case 'transaction':
      return wire.transaction && { type: known.type, subjectId: wire.transaction.id, data: transactionData(wire.transaction, currency) };
    case 'disbursement': {
      const disbursement = wire.disbursement;
      if (!disbursement) return undefined;
      return {
        type: disbursement.success === false ? 'payout.failed' : known.type,
        subjectId: disbursement.id,
        data: {
          amount: moneyOf(disbursement.amount, currency).amount,
          currency,
          transactionCount: disbursement.transactionIds?.length ?? 0,
        },
      };
    }
  }
}

/** A kind Tender has no neutral word for (a dispute, the Control Panel's `check`...). */
function recordOnly(wire: WireNotification): Fact {
  const subjectId = wire.subscription?.id ?? wire.transaction?.id ?? wire.disbursement?.id ?? wire.dispute?.id ?? '';
  return { type: `braintree.${wire.kind}`, subjectId, data: { kind: wire.kind } };
}

function subscriptionData(subscription: WireSubscription, currency: string): Record<string, string | number | boolean> {
  const data: Record<string, string | number | boolean> = { subscriptionId: subscription.id, currency };
  if (subscription.status) data.status = subscription.status;
  if (subscription.planId) data.planId = subscription.planId;
  if (subscription.balance) data.balance = moneyOf(subscription.balance, currency).amount;
  if (subscription.daysPastDue != null) data.daysPastDue = subscription.daysPastDue;
  return data;
}

function transactionData(tx: WireTransaction, currency: string): Record<string, string | number | boolean> {
  const txCurrency = tx.currencyIsoCode || currency;
  const data: Record<string, string | number | boolean> = { transactionStatus: tx.status, currency: txCurrency };
  if (tx.amount) data.amount = moneyOf(tx.amount, txCurrency).amount;
  const decline = declineOf(tx);
  if (decline) {
    data.declineReason = decline.reason;
    data.processorCode = decline.processorCode;
  }
  return data;
}
