/**
 * Processor-neutral domain types. Adapters return these (wire types in, neutral types
 * out); the gRPC layer turns them into API messages. Ids here are the processor's own
 * ids: the service layer adds and strips the account prefix (see ids.ts), so an
 * adapter never needs to know which account it serves.
 */

export type ProcessorName = 'stripe' | 'braintree' | 'adyen';

/** Integer minor units and an upper-case ISO 4217 code. */
export interface Money {
  amount: number;
  currency: string;
}

export type PaymentStatus =
  | 'succeeded'
  | 'processing'
  | 'requires_action'
  | 'declined'
  | 'outcome_unknown'
  | 'canceled';

export type DeclineReason =
  | 'insufficient_funds'
  | 'generic'
  | 'expired_card'
  | 'incorrect_cvc'
  | 'lost_or_stolen'
  | 'suspected_fraud'
  | 'authentication_required'
  | 'processing_error'
  | 'try_again_later'
  | 'invalid_account'
  | 'amount_or_limit_exceeded'
  | 'card_not_supported'
  | 'currency_not_supported'
  | 'invalid_amount'
  | 'do_not_retry'
  | 'address_verification_failed'
  | 'duplicate_transaction'
  | 'payment_method_unusable';

/** What an adapter reports about a decline; the core adds hard/soft and wording. */
export interface DeclineDetail {
  reason: DeclineReason;
  /** The processor's raw code, kept for operations and fraud review. */
  processorCode: string;
  processorMessage?: string;
  /** Set when the processor itself says whether a retry may succeed. */
  retryMaySucceed?: boolean;
}

export type Capability =
  | 'customer_search_phone'
  | 'customer_search_email'
  | 'customer_create'
  | 'saved_payment_methods'
  | 'invoices'
  | 'off_session_charge'
  | 'pay_invoice'
  | 'refund'
  | 'partial_refund'
  | 'async_refund'
  | 'payment_link'
  | 'payment_link_expiry'
  | 'subscriptions'
  | 'subscription_proration'
  | 'subscription_cancel_at_period_end'
  | 'subscription_payment_method_change'
  | 'payment_method_wallets'
  | 'past_due_balance'
  | 'tender_hosted_payment_page';

export interface Customer {
  id: string;
  name: string;
  email: string;
  /** E.164 when the processor holds a parseable number, otherwise as stored. */
  phone: string;
  createdAt?: Date;
  metadata: Record<string, string>;
}

export type WalletKind = 'none' | 'apple_pay' | 'google_pay' | 'paypal' | 'link' | 'other';

export interface PaymentMethod {
  id: string;
  customerId: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  isDefault: boolean;
  wallet: WalletKind;
}

export type InvoiceStatus = 'open' | 'paid' | 'void' | 'uncollectible' | 'draft';

export interface Invoice {
  id: string;
  customerId: string;
  status: InvoiceStatus;
  amountDue: Money;
  dueAt?: Date;
  description: string;
  number: string;
}

export interface Payment {
  id: string;
  customerId: string;
  paymentMethodId: string;
  invoiceId: string;
  amount: Money;
  status: PaymentStatus;
  decline?: DeclineDetail;
  amountRefunded: Money;
  createdAt?: Date;
  description: string;
}

export type RefundStatus =
  | 'succeeded'
  | 'pending'
  | 'failed'
  | 'canceled'
  | 'pending_approval'
  | 'outcome_unknown';
export type RefundReason =
  | 'requested_by_customer'
  | 'duplicate'
  | 'fraudulent'
  | 'service_not_provided'
  | 'other';

export interface Refund {
  id: string;
  paymentId: string;
  amount: Money;
  status: RefundStatus;
  reason: RefundReason;
  method: 'refund' | 'void';
  createdAt?: Date;
}

/** A subscription whose renewal failed and now carries a balance (Braintree's "balance"). */
export interface PastDueSubscription {
  subscriptionId: string;
  balance: Money;
  description: string;
  daysPastDue: number;
}

export type PaymentLinkStatus = 'open' | 'completed' | 'expired';

export interface PaymentLink {
  id: string;
  url: string;
  amount: Money;
  status: PaymentLinkStatus;
  expiresAt?: Date;
  customerId: string;
  invoiceId: string;
  paymentId: string;
  description: string;
}

export type SubscriptionStatus =
  | 'active'
  | 'trialing'
  | 'past_due'
  | 'canceled'
  | 'unpaid'
  | 'incomplete'
  | 'paused';
export type BillingInterval = 'day' | 'week' | 'month' | 'year';

export interface Plan {
  id: string;
  name: string;
  amount: Money;
  interval: BillingInterval;
  intervalCount: number;
}

export interface Subscription {
  id: string;
  customerId: string;
  status: SubscriptionStatus;
  plan: Plan;
  currentPeriodEnd?: Date;
  cancelAtPeriodEnd: boolean;
  paymentMethodId: string;
  canceledAt?: Date;
}
