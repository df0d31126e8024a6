import { pathParam, type ApiCall } from '../api-call.js';
import { resourceMissing } from '../errors.js';
import { allowOnly } from '../params.js';
import { newId, type StripeState } from '../state.js';
import type { Decline } from '../test-cards.js';
import type { ListObject, Metadata, WireObject } from '../wire.js';
import type { StripePaymentMethod } from './payment-methods.js';

export interface StripeCharge extends WireObject {
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  currency: string;
  customer: string | null;
  payment_intent: string;
  refunded: boolean;
  status: 'succeeded' | 'failed';
  metadata: Metadata;
  refunds: ListObject<WireObject>;
}

export interface ChargeInput {
  amount: number;
  currency: string;
  customer: string | null;
  description: string | null;
  paymentIntentId: string;
  metadata: Metadata;
}

/** One attempt to move money on a card; failed attempts are charges too, as on Stripe. */
export function recordCharge(
  state: StripeState,
  input: ChargeInput,
  paymentMethod: StripePaymentMethod,
  decline?: Decline,
): StripeCharge {
  const id = newId('ch');
  const succeeded = decline === undefined;
  const card = paymentMethod.card;
  const charge: StripeCharge = {
    id,
    object: 'charge',
    amount: input.amount,
    amount_captured: succeeded ? input.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: succeeded ? newId('txn') : null,
    billing_details: paymentMethod.billing_details,
    calculated_statement_descriptor: 'TENDER SANDBOX',
    captured: succeeded,
    created: state.clock.now(),
    currency: input.currency,
    customer: input.customer,
    description: input.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: decline?.code ?? null,
    failure_message: decline?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: { ...input.metadata },
    on_behalf_of: null,
    outcome: outcomeOf(decline),
    paid: succeeded,
    payment_intent: input.paymentIntentId,
    payment_method: paymentMethod.id,
    payment_method_details: {
      card: {
        amount_authorized: succeeded ? input.amount : null,
        authorization_code: succeeded ? '123456' : null,
        brand: card.brand,
        checks: card.checks,
        country: card.country,
        exp_month: card.exp_month,
        exp_year: card.exp_year,
        extended_authorization: { status: 'disabled' },
        fingerprint: card.fingerprint,
        funding: card.funding,
        incremental_authorization: { status: 'unavailable' },
        installments: null,
        last4: card.last4,
        mandate: null,
        multicapture: { status: 'unavailable' },
        network: card.brand,
        network_token: { used: false },
        network_transaction_id: succeeded ? newId('ntx', 15).slice(4) : null,
        overcapture: { maximum_amount_capturable: input.amount, status: 'unavailable' },
        regulated_status: 'unregulated',
        three_d_secure: null,
        transaction_link_id: null,
        wallet: card.wallet,
      },
      type: 'card',
    },
    receipt_email: null,
    receipt_number: null,
    // The sandbox hosts no receipts.
    receipt_url: null,
    refunded: false,
    refunds: { object: 'list', data: [], has_more: false, url: `/v1/charges/${id}/refunds` },
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: succeeded ? 'succeeded' : 'failed',
    transfer_data: null,
    transfer_group: null,
  };
  state.charges.set(id, charge);
  return charge;
}

/** charge.outcome as Stripe reports approvals, issuer declines and Radar blocks. */
function outcomeOf(decline: Decline | undefined): WireObject['outcome'] {
  const base = { advice_code: null, network_advice_code: null, network_decline_code: null };
  const normalRisk = { risk_level: 'normal', risk_score: 20 };
  if (!decline) {
    return {
      ...base, ...normalRisk, network_status: 'approved_by_network', reason: null,
      seller_message: 'Payment complete.', type: 'authorized',
    };
  }
  if (decline.blockedByRadar) {
    return {
      ...base, network_status: 'not_sent_to_network', reason: 'highest_risk_level', risk_level: 'highest', risk_score: 85,
      seller_message: 'Stripe blocked this payment as too risky.', type: 'blocked',
    };
  }
  const sellerMessage =
    decline.declineCode === 'generic_decline'
      ? 'The bank did not return any further details with this decline.'
      : `The bank returned the decline code \`${decline.declineCode}\`.`;
  return {
    ...base, ...normalRisk, network_status: 'declined_by_network', reason: decline.declineCode,
    seller_message: sellerMessage, type: 'issuer_declined',
  };
}

export function retrieveCharge(call: ApiCall): StripeCharge {
  allowOnly(call.params, []);
  const id = pathParam(call, 'id');
  const charge = call.state.charges.get(id);
  if (!charge) throw resourceMissing('charge', id);
  return charge;
}
