import type {
  Capability,
  Customer,
  Invoice,
  Money,
  Payment,
  PaymentLink,
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

  /** Releases sockets and timers. */
  close?(): Promise<void>;
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
