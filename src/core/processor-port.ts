import type {
  Capability,
  Customer,
  Invoice,
  Money,
  Payment,
  PaymentLink,
  PastDueSubscription,
  PaymentMethod,
  Plan,
  ProcessorName,
  Refund,
  RefundReason,
  Subscription,
} from './types.js';

/**
 * The one port every processor adapter implements. One adapter instance serves one
 * processor account. All ids are the processor's own ids.
 *
 * Outcomes a caller must act on are values: a decline, "requires action" and "outcome
 * unknown" come back as a Payment with that status. Adapters throw TenderError only
 * for requests that cannot be served: bad input the processor rejected
 * (invalid_argument, with the field), a missing object (not_found), a capability the
 * processor lacks (unimplemented), or broken infrastructure (unavailable, with
 * `processorReached` set when the request may have been acted on).
 *
 * A method behind a capability the adapter does not declare must throw
 * `unimplemented` naming the capability, never return an invented answer.
 */
export interface ProcessorAdapter {
  readonly processor: ProcessorName;
  readonly capabilities: ReadonlySet<Capability>;
  /** How far ahead a payment link may expire, when the processor bounds it. */
  readonly paymentLinkExpiryBounds?: { minSeconds: number; maxSeconds: number };

  /** `phone` arrives already normalized to E.164. Returns every match. */
  findCustomers(query: { phone: string } | { email: string }): Promise<Customer[]>;
  /** Undefined when the processor has no such customer (or it was deleted). */
  getCustomer(customerId: string): Promise<Customer | undefined>;
  createCustomer(input: CreateCustomerInput, ctx: MutationContext): Promise<Customer>;

  listPaymentMethods(customerId: string): Promise<PaymentMethod[]>;
  listOpenInvoices(customerId: string): Promise<Invoice[]>;
  /** Declared by 'past_due_balance': subscriptions carrying an unpaid balance. */
  listPastDueSubscriptions?(customerId: string): Promise<PastDueSubscription[]>;
  getInvoice(invoiceId: string): Promise<Invoice | undefined>;

  /** Off-session charge of a saved payment method. Never throws for a decline. */
  charge(input: ChargeInput, ctx: MutationContext): Promise<Payment>;
  /** Pays an open invoice in full with a saved payment method. */
  payInvoice(input: PayInvoiceInput, ctx: MutationContext): Promise<Payment>;
  getPayment(paymentId: string): Promise<Payment | undefined>;
  refund(input: RefundInput, ctx: MutationContext): Promise<Refund>;

  createPaymentLink(input: PaymentLinkInput, ctx: MutationContext): Promise<PaymentLink>;
  getPaymentLink(linkId: string): Promise<PaymentLink | undefined>;

  listSubscriptions(customerId: string): Promise<Subscription[]>;
  listPlans(): Promise<Plan[]>;
  changeSubscriptionPlan(input: ChangePlanInput, ctx: MutationContext): Promise<Subscription>;
  cancelSubscription(input: CancelSubscriptionInput, ctx: MutationContext): Promise<Subscription>;
  updateSubscriptionPaymentMethod(
    input: { subscriptionId: string; paymentMethodId: string },
    ctx: MutationContext,
  ): Promise<Subscription>;

  /**
   * Declared by 'tender_hosted_payment_page': what Tender's own card-entry page needs.
   * The page gets a client token, the browser sends the card straight to the processor
   * and hands Tender a single-use nonce, which Tender charges exactly once.
   */
  readonly hostedPayment?: HostedPaymentOperations;

  /**
   * Verifies a webhook delivery on its raw body and turns it into neutral
   * notifications. Throws TenderError 'unauthenticated' when the signature does not
   * verify. Absent when the processor's webhooks are not handled.
   */
  parseWebhook?(delivery: WebhookDelivery): Promise<ProcessorNotification[]>;

  /** Releases sockets and timers. */
  close?(): Promise<void>;
}

export interface HostedPaymentOperations {
  /** A client token for the browser SDK, bound to the customer when one is given. */
  clientToken(customerId: string): Promise<string>;
  /** Charges a single-use nonce; vaults the card on the customer when `vault` is set. */
  chargeNonce(input: NonceChargeInput, ctx: MutationContext): Promise<Payment>;
}

export interface NonceChargeInput {
  nonce: string;
  amount: Money;
  /** Empty for a guest payment. */
  customerId: string;
  vault: boolean;
  description: string;
}

export interface WebhookDelivery {
  rawBody: Buffer;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string | undefined>>;
}

/** One fact a processor reported asynchronously, in neutral terms. */
export interface ProcessorNotification {
  /** The processor's id for this notification, for deduplication. */
  id: string;
  /**
   * e.g. "payment.succeeded", "payment.declined", "refund.succeeded", "refund.failed",
   * "payment_link.completed", "subscription.past_due".
   */
  type: string;
  /** The processor's id of the object it is about (payment, refund, link...). */
  subjectId: string;
  occurredAt?: Date;
  /** Flat, card-free facts (amounts, statuses, raw codes). */
  data: Record<string, string | number | boolean>;
}

/** What every mutating call carries. */
export interface MutationContext {
  /**
   * The key to forward to the processor so that it deduplicates too. Derived
   * deterministically from the tenant, the RPC and the caller's idempotency key (see
   * src/core/processor-key.ts): a retry after a crash sends the same key. At most 64
   * characters, [A-Za-z0-9_-], so every processor accepts it.
   */
  processorIdempotencyKey: string;
  /** Aborted when the gRPC deadline passes or the call is cancelled. */
  signal?: AbortSignal;
}

export interface CreateCustomerInput {
  name: string;
  email: string;
  /** E.164 or empty. */
  phone: string;
  metadata: Record<string, string>;
}

export interface ChargeInput {
  customerId: string;
  paymentMethodId: string;
  amount: Money;
  description: string;
  metadata: Record<string, string>;
}

export interface PayInvoiceInput {
  invoiceId: string;
  /** Empty: the customer's default payment method. */
  paymentMethodId: string;
}

export interface RefundInput {
  paymentId: string;
  /** Undefined: the whole remaining amount. */
  amount?: Money;
  reason: RefundReason;
  note: string;
}

export interface PaymentLinkInput {
  amount: Money;
  customerId: string;
  invoiceId: string;
  description: string;
  /** Absolute expiry, already checked against the adapter's declared bounds. */
  expiresAt: Date;
}

export type ProrationChoice = 'default' | 'prorate' | 'none' | 'prorate_and_invoice_now';

export interface ChangePlanInput {
  subscriptionId: string;
  planId: string;
  proration: ProrationChoice;
}

export interface CancelSubscriptionInput {
  subscriptionId: string;
  timing: 'immediately' | 'at_period_end';
}
