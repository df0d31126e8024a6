import type { WireCustomer, WireErrorResult, WirePlan, WireSubscription, WireTransaction, WireValidationError } from '../wire.js';

/**
 * Braintree wire objects for unit tests, as the SDK hands them over (camelCase, amounts
 * and times as strings), with the field values of Braintree's reference examples
 * (developer.paypal.com/braintree/docs/reference/response/transaction), trimmed to the
 * fields Tender reads.
 */

export function transactionWire(overrides: Partial<WireTransaction> = {}): WireTransaction {
  return {
    id: 'the_transaction_id',
    status: 'submitted_for_settlement',
    type: 'sale',
    amount: '10.00',
    currencyIsoCode: 'USD',
    orderId: 'order-1',
    createdAt: '2026-11-20T18:25:30Z',
    processorResponseCode: '1000',
    processorResponseText: 'Approved',
    processorResponseType: 'approved',
    gatewayRejectionReason: null,
    customer: { id: 'a_customer_id' },
    creditCard: { token: 'the_token' },
    refundIds: [],
    refundedTransactionId: null,
    subscriptionId: null,
    ...overrides,
  };
}

export function declinedWire(code: string, text: string, type: 'soft_declined' | 'hard_declined'): WireTransaction {
  return transactionWire({ status: 'processor_declined', processorResponseCode: code, processorResponseText: text, processorResponseType: type });
}

export function rejectedWire(reason: string): WireTransaction {
  return transactionWire({
    status: 'gateway_rejected',
    gatewayRejectionReason: reason,
    processorResponseCode: null,
    processorResponseText: null,
    processorResponseType: null,
  });
}

export function customerWire(overrides: Partial<WireCustomer> = {}): WireCustomer {
  return {
    id: 'a_customer_id',
    firstName: 'Jen',
    lastName: 'Smith',
    email: 'jen@example.com',
    phone: '312.555.1234',
    createdAt: '2026-10-01T12:00:00Z',
    customFields: { tenderMetadata: '{"crm_id":"c-42"}' },
    creditCards: [
      { token: 'the_token', bin: '411111', last4: '1111', cardType: 'Visa', expirationMonth: '06', expirationYear: '2030', default: true },
      { token: 'the_amex', bin: '378282', last4: '0005', cardType: 'American Express', expirationMonth: '01', expirationYear: '2029', default: false },
    ],
    applePayCards: [],
    androidPayCards: [],
    ...overrides,
  };
}

export function planWire(overrides: Partial<WirePlan> = {}): WirePlan {
  return { id: 'silver_plan', name: 'Silver', price: '12.00', currencyIsoCode: 'USD', billingFrequency: 1, ...overrides };
}

export function subscriptionWire(overrides: Partial<WireSubscription> = {}): WireSubscription {
  return {
    id: 'the_subscription_id',
    planId: 'silver_plan',
    price: '12.00',
    balance: '0.00',
    status: 'Active',
    paymentMethodToken: 'the_token',
    daysPastDue: null,
    nextBillingDate: '2026-12-20',
    billingPeriodEndDate: '2026-12-19',
    currentBillingCycle: 3,
    numberOfBillingCycles: null,
    neverExpires: true,
    trialPeriod: false,
    statusHistory: [{ status: 'Active', timestamp: '2026-09-20T00:00:00Z' }],
    transactions: [],
    ...overrides,
  };
}

/** A `success: false` result, as the SDK's ErrorResponse exposes it. */
export function errorResult(errors: WireValidationError[], transaction?: WireTransaction): WireErrorResult {
  return {
    success: false,
    message: errors.map((error) => error.message).join('\n'),
    errors: { deepErrors: () => errors },
    ...(transaction ? { transaction } : {}),
  };
}
