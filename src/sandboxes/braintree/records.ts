import type { ChargeOutcome, ProcessorResponse } from './processor-responses.js';

/**
 * What the sandbox stores, in its own terms (amounts in minor units, dates as
 * `YYYY-MM-DD`); resources/*.ts render these as Braintree's XML. Only the first six
 * and last four digits of a card are ever kept, as Braintree shows them.
 */

/** A card as a nonce or a test card describes it, and what charging it does. */
export interface CardDetails {
  cardType: string;
  bin: string;
  last4: string;
  expirationMonth: string;
  expirationYear: string;
  /** Sandbox test behaviour: a flagged card answers this whatever the amount. */
  behaviour: ChargeOutcome;
}

export interface SandboxCreditCard extends CardDetails {
  token: string;
  customerId: string;
  isDefault: boolean;
  uniqueNumberIdentifier: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface SandboxCustomer {
  id: string;
  firstName: string;
  lastName: string;
  company: string;
  email: string;
  phone: string;
  customFields: Record<string, string>;
  createdAt: Date;
  updatedAt: Date;
}

export type TransactionStatus =
  | 'authorized'
  | 'submitted_for_settlement'
  | 'settling'
  | 'settlement_pending'
  | 'settled'
  | 'settlement_confirmed'
  | 'settlement_declined'
  | 'voided'
  | 'processor_declined'
  | 'gateway_rejected'
  | 'failed';

export interface StatusEvent {
  status: TransactionStatus;
  at: Date;
  amount: number;
}

export interface SandboxTransaction {
  id: string;
  type: 'sale' | 'credit';
  status: TransactionStatus;
  amount: number;
  currency: string;
  merchantAccountId: string;
  orderId: string | null;
  customerId: string | null;
  /** The card as charged; `token` is null for a nonce that was not vaulted. */
  card: CardDetails & { token: string | null; uniqueNumberIdentifier: string };
  /** Null when the gateway rejected the transaction before the processor saw it. */
  response: ProcessorResponse | null;
  gatewayRejectionReason: string | null;
  authorizationCode: string | null;
  refundIds: string[];
  refundedTransactionId: string | null;
  subscriptionId: string | null;
  planId: string | null;
  statusHistory: StatusEvent[];
  /** When it was submitted for settlement, for the settlement clock. */
  submittedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SandboxPlan {
  id: string;
  name: string;
  description: string;
  price: number;
  currency: string;
  /** Months per billing cycle. */
  billingFrequency: number;
  numberOfBillingCycles: number | null;
  createdAt: Date;
}

export type SubscriptionStatus = 'Active' | 'Past Due' | 'Canceled' | 'Expired' | 'Pending';

export interface SubscriptionEvent {
  status: SubscriptionStatus;
  at: Date;
  balance: number;
  price: number;
  planId: string;
  source: 'api' | 'recurring';
}

export interface SandboxSubscription {
  id: string;
  planId: string;
  price: number;
  paymentMethodToken: string;
  merchantAccountId: string;
  currency: string;
  status: SubscriptionStatus;
  /** Owed now; negative is a credit (a prorated downgrade). */
  balance: number;
  failureCount: number;
  /** The billing date whose charge failed, while Past Due. */
  pastDueSince: string | null;
  billingDayOfMonth: number;
  firstBillingDate: string;
  billingPeriodStartDate: string;
  billingPeriodEndDate: string;
  nextBillingDate: string;
  paidThroughDate: string;
  currentBillingCycle: number;
  numberOfBillingCycles: number | null;
  neverExpires: boolean;
  transactionIds: string[];
  statusHistory: SubscriptionEvent[];
  createdAt: Date;
  updatedAt: Date;
}
