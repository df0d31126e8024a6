import { randomBytes } from 'node:crypto';
import { answer, type ApiCall, type ApiResult } from '../api-call.js';
import { issue, validationFailure } from '../errors.js';
import type { BraintreeState } from '../state.js';

/**
 * POST /client_token: what a browser SDK (braintree-web) needs to talk to Braintree's
 * client API, as base64 JSON (version 2). Every URL points at this sandbox, so the
 * card-entry page never reaches the real Braintree; the authorization fingerprint is
 * remembered (state.clientTokens) so the sandbox's client API can check it. A token for
 * a customer who does not exist is refused (92804).
 */
export function generateClientToken(call: ApiCall): ApiResult {
  const { state } = call;
  const params = call.body.child('client_token');
  const customerId = params.string('customer_id') ?? null;
  const version = Number(params.string('version') ?? '2');
  if (customerId !== null && !state.customers.has(customerId)) {
    throw validationFailure(
      [issue(['client_token'], '92804', 'customer_id', 'Customer specified by customer_id does not exist')],
      call.body.raw(),
    );
  }
  if (version !== 1 && version !== 2 && version !== 3) {
    throw validationFailure([issue(['client_token'], '92806', 'version', 'Unsupported client token version')], call.body.raw());
  }
  const fingerprint = randomBytes(24).toString('hex');
  state.clientTokens.set(fingerprint, { customerId, createdAt: state.clock.now() });
  const token = Buffer.from(JSON.stringify(clientTokenContent(state, fingerprint))).toString('base64');
  return answer('client-token', { value: token }, 201);
}

export function clientTokenContent(state: BraintreeState, fingerprint: string): Record<string, unknown> {
  const merchantUrl = `${state.baseUrl}/merchants/${state.merchantId}`;
  return {
    version: 2,
    authorizationFingerprint: fingerprint,
    configUrl: `${merchantUrl}/client_api/v1/configuration`,
    clientApiUrl: `${merchantUrl}/client_api`,
    assetsUrl: state.baseUrl,
    authUrl: state.baseUrl,
    graphQL: { url: `${state.baseUrl}/graphql`, date: '2018-05-08' },
    analytics: { url: `${state.baseUrl}/analytics` },
    environment: 'sandbox',
    merchantId: state.merchantId,
    challenges: [],
    threeDSecureEnabled: false,
    paypalEnabled: false,
  };
}
