import { cardFailure, docUrl } from '../errors.js';
import { emitEvent } from '../events.js';
import { newId, type StripeState } from '../state.js';
import { behaviourOf, type Decline } from '../test-cards.js';
import { snapshot } from '../wire.js';
import { recordCharge } from './charges.js';
import type { StripePaymentIntent } from './payment-intents.js';
import type { StripePaymentMethod } from './payment-methods.js';

export interface ConfirmOptions {
  /** The customer is not present (docs.stripe.com/payments/save-and-reuse): 3-D Secure cannot run. */
  offSession: boolean;
  /** `error_on_requires_action`: fail instead of answering requires_action. */
  errorOnRequiresAction?: boolean;
}

/** Stripe's decline when a card needs 3-D Secure and the customer is not there to do it. */
const AUTHENTICATION_REQUIRED: Decline = {
  code: 'authentication_required',
  declineCode: 'authentication_required',
  message: 'Your card was declined. This transaction requires authentication.',
};

/**
 * Confirms a PaymentIntent with a card, as Stripe does for the card's test behaviour:
 * success -> status succeeded with a succeeded charge; on-session 3-D Secure -> status
 * requires_action with next_action; a decline -> status requires_payment_method, a
 * failed charge, last_payment_error, and a thrown 402 card_error that embeds the
 * PaymentIntent (the failed state is saved first, as on Stripe). The outcome emits
 * payment_intent.succeeded or payment_intent.payment_failed.
 */
export function confirmPaymentIntent(
  state: StripeState,
  paymentIntent: StripePaymentIntent,
  paymentMethod: StripePaymentMethod,
  options: ConfirmOptions,
): void {
  paymentIntent.payment_method = paymentMethod.id;
  const behaviour = behaviourOf(paymentMethod.card.fingerprint);
  if (behaviour.kind === 'approve') return completeCharge(state, paymentIntent, paymentMethod);
  if (behaviour.kind === 'authenticate' && !options.offSession && !options.errorOnRequiresAction) {
    return requireAction(state, paymentIntent);
  }
  const decline = behaviour.kind === 'decline' ? behaviour.decline : AUTHENTICATION_REQUIRED;
  const charge = recordCharge(state, chargeInput(paymentIntent), paymentMethod, decline);
  const lastPaymentError = {
    type: 'card_error' as const,
    charge: charge.id,
    code: decline.code,
    decline_code: decline.declineCode,
    doc_url: docUrl(decline.code),
    message: decline.message,
    ...(decline.param ? { param: decline.param } : {}),
    payment_method: snapshot(paymentMethod),
  };
  Object.assign(paymentIntent, {
    status: 'requires_payment_method',
    payment_method: null,
    latest_charge: charge.id,
    last_payment_error: lastPaymentError,
    next_action: null,
  });
  emitEvent(state, 'payment_intent.payment_failed', paymentIntent);
  const { type: _cardError, ...errorFields } = lastPaymentError;
  throw cardFailure({ ...errorFields, payment_intent: snapshot(paymentIntent) });
}

/** Charges successfully; also how a PaymentIntent ends once its customer passed 3-D Secure. */
export function completeCharge(state: StripeState, paymentIntent: StripePaymentIntent, paymentMethod: StripePaymentMethod): void {
  const charge = recordCharge(state, chargeInput(paymentIntent), paymentMethod);
  Object.assign(paymentIntent, {
    status: 'succeeded',
    amount_received: paymentIntent.amount,
    latest_charge: charge.id,
    last_payment_error: null,
    next_action: null,
  });
  // setup_future_usage saves the card to the customer once it has been charged.
  if (paymentIntent.setup_future_usage && paymentIntent.customer && !paymentMethod.customer) {
    paymentMethod.customer = paymentIntent.customer;
  }
  emitEvent(state, 'payment_intent.succeeded', paymentIntent);
}

function requireAction(state: StripeState, paymentIntent: StripePaymentIntent): void {
  Object.assign(paymentIntent, {
    status: 'requires_action',
    last_payment_error: null,
    next_action: {
      type: 'use_stripe_sdk',
      use_stripe_sdk: {
        type: 'three_d_secure_redirect',
        stripe_js: `${state.baseUrl}/3ds/${paymentIntent.id}`,
        source: newId('src'),
        directory_server_name: 'visa',
      },
    },
  });
}

function chargeInput(paymentIntent: StripePaymentIntent) {
  return {
    amount: paymentIntent.amount,
    currency: paymentIntent.currency,
    customer: paymentIntent.customer,
    description: paymentIntent.description,
    paymentIntentId: paymentIntent.id,
    metadata: paymentIntent.metadata,
  };
}
