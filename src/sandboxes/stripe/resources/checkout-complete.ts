import { invalidRequest } from '../errors.js';
import { emitEvent } from '../events.js';
import type { StripeState } from '../state.js';
import { checkoutDetails, requireCheckoutSession, type StripeCheckoutSession } from './checkout-sessions.js';
import { completeCharge, confirmPaymentIntent } from './payment-confirmation.js';
import { buildPaymentIntent } from './payment-intents.js';
import { resolvePaymentMethod } from './payment-methods.js';

/**
 * Simulates the payer finishing the hosted page: a PaymentIntent for the session total is
 * confirmed on-session with the given card (a documented test id by default). A card that
 * asks for 3-D Secure is treated as authenticated by the payer; a declining card answers
 * the 402 card error and leaves the session open, as Checkout lets the payer try again.
 * A paid session emits checkout.session.completed (after its PaymentIntent's events).
 */
export function completeCheckoutSession(
  state: StripeState,
  sessionId: string,
  paymentMethodId = 'pm_card_visa',
): StripeCheckoutSession {
  const session = requireCheckoutSession(state, sessionId);
  if (session.status !== 'open') {
    throw invalidRequest(`This Checkout Session is no longer open (status: ${session.status}).`);
  }
  const paymentMethod = resolvePaymentMethod(state, paymentMethodId, 'payment_method');
  const { description, paymentIntentMetadata } = checkoutDetails(session);
  const paymentIntent = buildPaymentIntent(
    {
      amount: session.amount_total,
      currency: session.currency,
      customer: session.customer,
      description,
      metadata: { ...paymentIntentMetadata },
      paymentMethod: paymentMethod.id,
    },
    state.clock.now(),
  );
  state.paymentIntents.set(paymentIntent.id, paymentIntent);
  confirmPaymentIntent(state, paymentIntent, paymentMethod, { offSession: false });
  if (paymentIntent.status === 'requires_action') completeCharge(state, paymentIntent, paymentMethod);
  const customer = session.customer ? state.customers.get(session.customer) : undefined;
  Object.assign(session, {
    status: 'complete',
    payment_status: 'paid',
    payment_intent: paymentIntent.id,
    url: null,
    customer_details: {
      address: { city: null, country: 'US', line1: null, line2: null, postal_code: '94107', state: null },
      business_name: null,
      email: customer?.email ?? session.customer_email ?? 'payer@example.com',
      individual_name: null,
      name: customer?.name ?? null,
      phone: customer?.phone ?? null,
      tax_exempt: 'none',
      tax_ids: [],
    },
  });
  emitEvent(state, 'checkout.session.completed', session);
  return session;
}
