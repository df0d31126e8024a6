import type { DeclineReason } from '../../core/types.js';
import { ADYEN_DEMO_CARDS, ADYEN_DEMO_SHOPPERS } from '../../sandboxes/adyen/index.js';
import { describeProcessorContract, type ChargeTarget, type ContractFault } from '../contract/processor-contract.js';
import { startAdyenTestBed } from './testing/test-bed.js';

/**
 * Adyen's documented test results (holder names of stored cards) for each neutral
 * reason Adyen can produce; the rest of the documented results are checked one by one
 * in adapter.test.ts.
 */
const DECLINING_HOLDER_NAMES: Partial<Record<DeclineReason, string>> = {
  generic: 'DECLINED',
  insufficient_funds: 'NOT_ENOUGH_BALANCE',
  expired_card: 'CARD_EXPIRED',
  lost_or_stolen: 'BLOCK_CARD',
  invalid_amount: 'INVALID_AMOUNT',
  invalid_account: 'INVALID_CARD_NUMBER',
  try_again_later: 'ISSUER_UNAVAILABLE',
  card_not_supported: 'NOT_SUPPORTED',
  suspected_fraud: 'ACQUIRER_FRAUD',
  processing_error: 'ERROR',
  incorrect_cvc: 'CVC_DECLINED',
};

/** The adapter waits 1 s of socket silence; the SDK never retries by itself. */
const ADAPTER_TIMEOUT_MS = 1_000;
const PAYMENTS = '/v72/payments';
/** How long the timeout fault holds a request: well past the adapter's wait. */
const HELD_MS = ADAPTER_TIMEOUT_MS * 1.5;

describeProcessorContract('adyen', async () => {
  const bed = await startAdyenTestBed({ timeoutMs: ADAPTER_TIMEOUT_MS });
  const decliner = 'shopper_contract_decliner';
  const decliningMethods: Partial<Record<DeclineReason, ChargeTarget>> = {};
  for (const [reason, holderName] of Object.entries(DECLINING_HOLDER_NAMES)) {
    const card = bed.sandbox.addStoredPaymentMethod({ shopperReference: decliner, holderName });
    decliningMethods[reason as DeclineReason] = { customerId: decliner, paymentMethodId: card.id };
  }

  /**
   * Adyen's SDK never retries, so one fault per attempt is enough: a lost response is
   * processed, saved and hung up on; a timeout holds the request past the adapter's wait
   * while keeping its Idempotency-Key (a retry meanwhile is a transient 422 704).
   */
  const faults: Record<ContractFault, () => void> = {
    lost_response: () => bed.sandbox.faults.add({ path: PAYMENTS, method: 'POST', mode: 'drop_after_commit', times: 1 }),
    timeout: () => bed.sandbox.faults.add({ path: PAYMENTS, method: 'POST', mode: 'delay', ms: HELD_MS, times: 1 }),
  };

  return {
    adapter: bed.adapter,
    seeded: {
      phone: '+14155550123',
      email: 'jordan.rivera@example.com',
      customerId: ADYEN_DEMO_SHOPPERS.jordan,
      sharedPhone: { phone: '+14155550142', customerIds: [ADYEN_DEMO_SHOPPERS.alexHome, ADYEN_DEMO_SHOPPERS.alexWork] },
      defaultPaymentMethodId: ADYEN_DEMO_CARDS.jordanVisa,
      defaultCard: { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 },
      currency: 'USD',
    },
    decliningMethods,
    authenticationRequiredMethod: { customerId: ADYEN_DEMO_SHOPPERS.casey, paymentMethodId: ADYEN_DEMO_CARDS.caseyNeeds3ds },
    countPayments: () => bed.sandbox.state.payments.size,
    injectFault: (fault) => faults[fault](),
    faultSettleMs: HELD_MS,
    clearFaults: () => bed.sandbox.faults.clear(),
    close: () => bed.close(),
  };
});
