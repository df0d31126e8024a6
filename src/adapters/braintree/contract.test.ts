import type { DeclineReason } from '../../core/types.js';
import type { TestCardBehaviour } from '../../sandboxes/braintree/test-cards.js';
import { vaultTestCard } from '../../sandboxes/braintree/test-cards.js';
import { describeProcessorContract, type ChargeTarget, type ContractFault } from '../contract/processor-contract.js';
import { countSales, startBraintreeTestBed } from './testing/test-bed.js';

/**
 * A flagged sandbox card per neutral reason Braintree can produce (the contract charges
 * a fixed amount, so the documented test amounts are exercised in adapter.test.ts and
 * the sandbox's own tests): processor response codes, gateway rejection reasons, and a
 * `failed` transaction (3000).
 */
const DECLINING_CARDS: Partial<Record<DeclineReason, TestCardBehaviour>> = {
  generic: { declineCode: '2000' },
  insufficient_funds: { declineCode: '2001' },
  amount_or_limit_exceeded: { declineCode: '2002' },
  expired_card: { declineCode: '2004' },
  invalid_account: { declineCode: '2005' },
  incorrect_cvc: { declineCode: '2010' },
  duplicate_transaction: { declineCode: '2016' },
  do_not_retry: { declineCode: '2043' },
  lost_or_stolen: { declineCode: '2047' },
  invalid_amount: { declineCode: '2048' },
  card_not_supported: { declineCode: '2057' },
  address_verification_failed: { declineCode: '2059' },
  currency_not_supported: { declineCode: '2064' },
  suspected_fraud: { gatewayRejectionReason: 'fraud' },
  payment_method_unusable: { gatewayRejectionReason: 'token_issuance' },
  processing_error: { gatewayRejectionReason: 'application_incomplete' },
  try_again_later: { failure: true },
};

/** The adapter waits 1 s; the SDK never retries. */
const ADAPTER_TIMEOUT_MS = 1_000;
/** How long the timeout fault holds a sale: well past the adapter's wait. */
const HELD_MS = ADAPTER_TIMEOUT_MS * 2.5;

describeProcessorContract('braintree', async () => {
  const bed = await startBraintreeTestBed({ timeoutMs: ADAPTER_TIMEOUT_MS });
  const sales = `/merchants/${bed.sandbox.merchantId}/transactions`;
  const decliner = await bed.adapter.createCustomer(
    { name: 'Contract Decliner', email: 'decliner@example.com', phone: '', metadata: {} },
    { processorIdempotencyKey: 'contract-decliner' },
  );
  const decliningMethods: Partial<Record<DeclineReason, ChargeTarget>> = {};
  for (const [reason, behaviour] of Object.entries(DECLINING_CARDS)) {
    const card = vaultTestCard(bed.sandbox.state, decliner.id, behaviour);
    decliningMethods[reason as DeclineReason] = { customerId: decliner.id, paymentMethodId: card.token };
  }

  /**
   * A lost response: the sale is processed and the connection dropped; the retry's
   * order-id search finds it. A timeout: the sale is held past the adapter's wait; a
   * retry meanwhile is refused as in flight (915233), then finds it once it lands.
   */
  const faults: Record<ContractFault, () => void> = {
    lost_response: () => bed.sandbox.faults.add({ path: sales, method: 'POST', mode: 'drop_after_commit', times: 1 }),
    timeout: () => bed.sandbox.faults.add({ path: sales, method: 'POST', mode: 'delay', ms: HELD_MS, times: 1 }),
  };

  return {
    adapter: bed.adapter,
    seeded: {
      phone: '+14155550123',
      email: 'jordan.rivera@example.com',
      customerId: 'demo_jordan',
      sharedPhone: { phone: '+14155550142', customerIds: ['demo_alex_home', 'demo_alex_work'] },
      defaultPaymentMethodId: 'demo_jordan_visa',
      defaultCard: { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 },
      currency: 'USD',
      subscriptionId: 'demo_jordan_basic',
      otherPlanId: 'plus_monthly',
    },
    decliningMethods,
    authenticationRequiredMethod: { customerId: 'demo_casey', paymentMethodId: 'demo_casey_visa_3ds' },
    countPayments: () => countSales(bed.sandbox),
    injectFault: (fault) => faults[fault](),
    faultSettleMs: HELD_MS,
    clearFaults: () => bed.sandbox.faults.clear(),
    close: () => bed.close(),
  };
});
