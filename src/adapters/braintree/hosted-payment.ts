import type { HostedPaymentOperations } from '../../core/processor-port.js';
import { braintreeCall, type BraintreeDeps } from './calls.js';
import { outcomeOfBraintreeFailure } from './errors.js';
import { attemptedPayment, sell } from './payments.js';

const CLIENT_TOKEN = { kind: 'read', resourceField: 'customer_id' } as const;

/**
 * What Tender's own card-entry page needs from Braintree (declared by
 * 'tender_hosted_payment_page'): a client token for braintree-web Hosted Fields, so the
 * card number goes from the payer's browser to Braintree and never through Tender, and
 * a sale of the nonce the browser hands back, submitted for settlement, vaulted on the
 * customer when asked, and fenced by the processor key like every charge (payments.ts).
 */
export function hostedPaymentOperations(deps: BraintreeDeps): HostedPaymentOperations {
  return {
    async clientToken(customerId) {
      const result = await braintreeCall(CLIENT_TOKEN, () => deps.gateway.clientToken.generate(customerId ? { customerId } : {}));
      if (result.success) return result.clientToken;
      throw outcomeOfBraintreeFailure(result, CLIENT_TOKEN);
    },

    async chargeNonce(input, ctx) {
      const attempted = attemptedPayment({
        customerId: input.customerId,
        paymentMethodId: '',
        amount: input.amount,
        description: input.description,
      });
      const source = { paymentMethodNonce: input.nonce, vault: input.vault };
      return sell(deps, { amount: input.amount, customerId: input.customerId, source }, attempted, ctx);
    },
  };
}
