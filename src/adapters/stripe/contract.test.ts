import type { DeclineReason } from '../../core/types.js';
import { describeProcessorContract, type ChargeTarget, type ContractFault } from '../contract/processor-contract.js';
import { attachTestMethod, startStripeTestBed } from './testing/test-bed.js';

/** Stripe's documented test methods for each neutral reason Stripe can produce. */
const DECLINING_TEST_METHODS: Partial<Record<DeclineReason, string>> = {
  generic: 'pm_card_visa_chargeDeclined',
  insufficient_funds: 'pm_card_visa_chargeDeclinedInsufficientFunds',
  lost_or_stolen: 'pm_card_visa_chargeDeclinedStolenCard',
  expired_card: 'pm_card_chargeDeclinedExpiredCard',
  incorrect_cvc: 'pm_card_chargeDeclinedIncorrectCvc',
  processing_error: 'pm_card_chargeDeclinedProcessingError',
  suspected_fraud: 'pm_card_radarBlock',
};

/** The adapter waits 1 s per attempt and retries once (the SDK waits 0.5 s in between). */
const ADAPTER_TIMEOUT_MS = 1_000;
const PAYMENT_INTENTS = '/v1/payment_intents';
/** How long the timeout fault holds a request: past the first wait, through the retry. */
const HELD_MS = ADAPTER_TIMEOUT_MS * 2.5;

describeProcessorContract('stripe', async () => {
  const bed = await startStripeTestBed({ timeoutMs: ADAPTER_TIMEOUT_MS, maxNetworkRetries: 1 });
  const decliner = await bed.admin.api.customers.create({ name: 'Contract Decliner' });
  const decliningMethods: Partial<Record<DeclineReason, ChargeTarget>> = {};
  for (const [reason, testId] of Object.entries(DECLINING_TEST_METHODS)) {
    decliningMethods[reason as DeclineReason] = {
      customerId: decliner.id,
      paymentMethodId: await attachTestMethod(bed, decliner.id, testId),
    };
  }
  const authenticationRequiredMethod = {
    customerId: decliner.id,
    paymentMethodId: await attachTestMethod(bed, decliner.id, 'pm_card_authenticationRequired'),
  };

  /**
   * The SDK heals a single lost response by itself (it retries with the same key and
   * Stripe replays the result), so each fault outlasts its attempts. A lost response:
   * the first attempt is processed and dropped, the SDK's retry meets a 500. A timeout:
   * the first attempt is held past the adapter's wait, and the retry finds the key
   * still in use (409).
   */
  const faults: Record<ContractFault, () => void> = {
    lost_response: () => {
      bed.sandbox.faults.add({ path: PAYMENT_INTENTS, method: 'POST', mode: 'drop_after_commit', times: 1 });
      bed.sandbox.faults.add({ path: PAYMENT_INTENTS, method: 'POST', mode: 'error500', times: 5 });
    },
    timeout: () =>
      bed.sandbox.faults.add({ path: PAYMENT_INTENTS, method: 'POST', mode: 'delay', ms: HELD_MS, times: 1 }),
  };

  return {
    adapter: bed.adapter,
    seeded: {
      phone: '+14155550123',
      email: 'jordan.rivera@example.com',
      customerId: 'cus_demo_jordan',
      sharedPhone: { phone: '+14155550142', customerIds: ['cus_demo_alex_home', 'cus_demo_alex_work'] },
      defaultPaymentMethodId: 'pm_demo_jordan_visa',
      defaultCard: { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 },
      currency: 'USD',
      openInvoiceId: 'in_demo_jordan_247',
      subscriptionId: 'sub_demo_jordan',
      otherPlanId: 'price_plus_monthly',
    },
    decliningMethods,
    authenticationRequiredMethod,
    countPayments: () => bed.sandbox.state.paymentIntents.size,
    injectFault: (fault) => faults[fault](),
    faultSettleMs: HELD_MS,
    clearFaults: () => bed.sandbox.faults.clear(),
    close: () => bed.close(),
  };
});
