import { pathParam, type ApiCall } from '../api-call.js';
import { formatAmount } from '../currencies.js';
import { invalidRequest, resourceMissing } from '../errors.js';
import { emitEvent } from '../events.js';
import { allowOnly, mergeMetadata, optionalEnum, optionalInteger, optionalString } from '../params.js';
import { newId, type StripeState } from '../state.js';
import type { Metadata, WireObject } from '../wire.js';
import type { StripeCharge } from './charges.js';
import { requirePaymentIntent } from './payment-intents.js';

export type RefundReason = 'duplicate' | 'fraudulent' | 'requested_by_customer';

export interface StripeRefund extends WireObject {
  object: 'refund';
  amount: number;
  charge: string;
  currency: string;
  payment_intent: string;
  reason: RefundReason | null;
  status: 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';
  metadata: Metadata;
}

function buildRefund(state: StripeState, charge: StripeCharge, amount: number, reason: RefundReason | null, metadata: Metadata): StripeRefund {
  return {
    id: newId('re'),
    object: 'refund',
    amount,
    balance_transaction: newId('txn'),
    charge: charge.id,
    created: state.clock.now(),
    currency: charge.currency,
    customer: charge.customer,
    customer_account: null,
    destination_details: {
      card: { reference: null, reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' },
      type: 'card',
    },
    metadata,
    payment_intent: charge.payment_intent,
    payment_method: charge.payment_method,
    reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
}

const CREATE_PARAMS = [
  'amount', 'charge', 'currency', 'customer', 'instructions_email', 'metadata', 'origin', 'payment_intent',
  'reason', 'refund_application_fee', 'reverse_transfer',
];

/**
 * POST /v1/refunds against a PaymentIntent's charge: the whole unrefunded amount by
 * default; more than that is refused (charge_already_refunded once nothing is left).
 * Card refunds succeed at once in the sandbox, and emit charge.refunded (partial ones too,
 * as on Stripe).
 */
export function createRefund({ state, params }: ApiCall): StripeRefund {
  allowOnly(params, CREATE_PARAMS);
  const charge = chargeToRefund(state, optionalString(params, 'payment_intent'), optionalString(params, 'charge'));
  const reason = optionalEnum<RefundReason>(params, 'reason', ['duplicate', 'fraudulent', 'requested_by_customer']) ?? null;
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining === 0) {
    throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
  }
  const amount = optionalInteger(params, 'amount') ?? remaining;
  if (amount < 1) {
    throw invalidRequest('This value must be greater than or equal to 1.', { param: 'amount' });
  }
  if (amount > remaining) {
    throw invalidRequest(
      `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`,
      { code: 'amount_too_large', param: 'amount' },
    );
  }
  const refund = buildRefund(state, charge, amount, reason, mergeMetadata({}, params));
  state.refunds.set(refund.id, refund);
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount;
  charge.refunds.data.unshift(refund);
  emitEvent(state, 'charge.refunded', charge);
  return refund;
}

function chargeToRefund(state: StripeState, paymentIntentId: string | undefined, chargeId: string | undefined): StripeCharge {
  if (paymentIntentId === undefined && chargeId === undefined) {
    throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.');
  }
  if (paymentIntentId !== undefined) {
    const paymentIntent = requirePaymentIntent(state, paymentIntentId, 'payment_intent');
    const charge = paymentIntent.status === 'succeeded' && paymentIntent.latest_charge
      ? state.charges.get(paymentIntent.latest_charge)
      : undefined;
    if (!charge) {
      throw invalidRequest(`This PaymentIntent (${paymentIntent.id}) does not have a successful charge to refund.`, {
        param: 'payment_intent',
      });
    }
    return charge;
  }
  const charge = state.charges.get(chargeId ?? '');
  if (!charge) throw resourceMissing('charge', chargeId ?? '', 'charge');
  if (charge.status !== 'succeeded') throw invalidRequest(`Charge ${charge.id} has not succeeded and cannot be refunded.`, { param: 'charge' });
  return charge;
}

export function retrieveRefund(call: ApiCall): StripeRefund {
  allowOnly(call.params, []);
  const id = pathParam(call, 'id');
  const refund = call.state.refunds.get(id);
  if (!refund) throw resourceMissing('refund', id);
  return refund;
}
