import { answer, type ApiCall, type ApiResult } from '../api-call.js';
import { issue, validationFailure } from '../errors.js';
import { consumeNonce, nonceIssue, resolveNonce } from '../test-nonces.js';
import { findCard, renderCreditCard, vaultCard } from './credit-cards.js';

const SCOPE = ['payment-method'];

/** GET /payment_methods/any/{token}: a vaulted card, which names its customer. */
export function findPaymentMethod(call: ApiCall): ApiResult {
  return answer('credit-card', renderCreditCard(call.state, findCard(call.state, call.pathParams.token ?? '')));
}

/**
 * POST /payment_methods: vaults the card behind a nonce on a customer
 * (`payment_method_nonce`, `customer_id`, optional `token` and `options.make_default`).
 */
export function createPaymentMethod(call: ApiCall): ApiResult {
  const { state } = call;
  const params = call.body.child('payment_method');
  const customerId = params.string('customer_id');
  const nonce = params.string('payment_method_nonce');
  if (customerId === undefined || !state.customers.has(customerId)) {
    throw validationFailure([issue(SCOPE, '93105', 'customer_id', 'Customer ID is invalid.')], call.body.raw());
  }
  const resolved = resolveNonce(state, nonce ?? '');
  if ('problem' in resolved) throw validationFailure([nonceIssue(resolved.problem, 'payment_method')], call.body.raw());
  const token = params.string('token');
  if (token !== undefined && state.creditCards.has(token)) {
    throw validationFailure([issue(SCOPE, '93106', 'token', 'Token has already been taken.')], call.body.raw());
  }
  const card = vaultCard(state, customerId, resolved.card, {
    ...(token === undefined ? {} : { token }),
    makeDefault: params.child('options').boolean('make_default') === true,
  });
  consumeNonce(state, nonce ?? '');
  return answer('credit-card', renderCreditCard(state, card), 201);
}
