import type { ApiCall } from '../api-call.js';
import { LIST_PARAMS, listResponse, timestampFilter } from '../list.js';
import { allowOnly, optionalEnum, optionalObject, optionalString } from '../params.js';
import { newestFirst } from '../state.js';
import { present, refreshExpiry, type StripeCheckoutSession } from './checkout-sessions.js';
import { requireCustomer } from './customers.js';

/** Filters of Checkout SessionListParams in stripe@23.1.0. */
const LIST_FILTERS = [
  'created', 'customer', 'customer_account', 'customer_details', 'payment_intent', 'payment_link', 'status', 'subscription',
];

/**
 * GET /v1/checkout/sessions, newest first, with Stripe's filters
 * (docs.stripe.com/api/checkout/sessions/list). A session past its `expires_at` is
 * listed as expired, as retrieving it reports. The sandbox makes no sessions for
 * Payment Links, subscriptions or customer accounts, so those filters match nothing.
 */
export function listCheckoutSessions({ state, params }: ApiCall) {
  allowOnly(params, [...LIST_PARAMS, ...LIST_FILTERS]);
  const customer = optionalString(params, 'customer');
  if (customer !== undefined) requireCustomer(state, customer, 'customer');
  const status = optionalEnum(params, 'status', ['complete', 'expired', 'open']);
  const paymentIntent = optionalString(params, 'payment_intent');
  const email = optionalString(optionalObject(params, 'customer_details') ?? {}, 'email');
  const unmatchable = ['customer_account', 'payment_link', 'subscription'].some((name) => optionalString(params, name));
  const created = timestampFilter(params, 'created');
  const matches = (session: StripeCheckoutSession) =>
    !unmatchable &&
    (customer === undefined || session.customer === customer) &&
    (status === undefined || session.status === status) &&
    (paymentIntent === undefined || session.payment_intent === paymentIntent) &&
    (email === undefined || payerEmailOf(session) === email) &&
    created(session.created as number);
  const sessions = newestFirst(state.checkoutSessions.values()).map((session) => refreshExpiry(state, session));
  const page = listResponse(sessions, params, '/v1/checkout/sessions', matches);
  return { ...page, data: page.data.map((session) => present(session, params, 'data.')) };
}

function payerEmailOf(session: StripeCheckoutSession): string | undefined {
  const details = session.customer_details as { email?: string | null } | null | undefined;
  return details?.email ?? undefined;
}
