/**
 * The fields of Stripe's wire objects that Tender reads, and nothing more. The SDK's
 * own types (stripe@23.1.0, API 2026-10-28.endive) are assignable to these, and so are
 * the example objects Stripe publishes (shared/reference/specs/stripe-fixtures3.json),
 * which keeps the mapping layer pure and testable without the network.
 */

/** An expandable reference: Stripe sends an id, or the object when expanded. */
export type Ref = string | { id: string } | null | undefined;

export type WireMetadata = Record<string, string> | null | undefined;

export interface WireCustomer {
  id: string;
  deleted?: unknown;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  created?: number;
  metadata?: WireMetadata;
  invoice_settings?: { default_payment_method?: Ref } | null;
}

export interface WirePaymentMethod {
  id: string;
  customer: Ref;
  card?: {
    brand: string;
    last4: string;
    exp_month: number;
    exp_year: number;
    wallet?: { type: string } | null;
  } | null;
}

export interface WireInvoice {
  id: string;
  customer: Ref;
  status: string | null;
  amount_due: number;
  amount_remaining: number;
  currency: string;
  due_date: number | null;
  description: string | null;
  number: string | null;
  lines?: { data: Array<{ description: string | null }> };
}

/** Stripe's error payload fields that describe a decline (also `last_payment_error`). */
export interface WirePaymentError {
  code?: string | null;
  decline_code?: string | null;
  advice_code?: string | null;
  message?: string | null;
  payment_method?: { id: string } | null;
}

export interface WireCharge {
  id: string;
  amount_refunded: number;
}

export interface WirePaymentIntent {
  id: string;
  amount: number;
  currency: string;
  status: string;
  customer: Ref;
  payment_method: Ref;
  description: string | null;
  created: number;
  metadata?: WireMetadata;
  last_payment_error: WirePaymentError | null;
  latest_charge: string | WireCharge | null;
}

export interface WireInvoicePayment {
  invoice: Ref;
  status: string;
  payment: { type: string; payment_intent?: Ref };
}

export interface WireRefund {
  id: string;
  amount: number;
  currency: string;
  status: string | null;
  reason: string | null;
  payment_intent: Ref;
  created: number;
  metadata: WireMetadata;
}

export interface WireCheckoutSession {
  id: string;
  url: string | null;
  status: string | null;
  amount_total: number | null;
  currency: string | null;
  expires_at: number;
  customer: Ref;
  payment_intent: Ref;
  metadata: WireMetadata;
  /** `unpaid` on completion when the payment method settles later (bank debits). */
  payment_status?: string | null;
}

export interface WirePrice {
  id: string;
  nickname: string | null;
  unit_amount: number | null;
  currency: string;
  recurring: { interval: string; interval_count: number } | null;
  product: string | { id: string; name?: string | null; deleted?: unknown };
}

export interface WireSubscription {
  id: string;
  customer: Ref;
  status: string;
  cancel_at_period_end: boolean;
  canceled_at: number | null;
  default_payment_method: Ref;
  items: { data: Array<{ id: string; price: WirePrice; current_period_end: number }> };
}

/**
 * A webhook event (a snapshot event: docs.stripe.com/api/events/object). `data.object` is
 * the object as it was when the event was created; events are not ordered, so it says
 * what happened, never what is true now.
 */
export interface WireEvent {
  id: string;
  type: string;
  created: number;
  data: { object: { id: string } & Record<string, unknown> };
}

/** The charge of a `charge.refunded` event. */
export interface WireRefundedCharge {
  id: string;
  amount: number;
  amount_refunded: number;
  currency: string;
  refunded: boolean;
  payment_intent: Ref;
}

/**
 * An invoice as events carry it. Since API 2025-03-31 its subscription is under
 * `parent.subscription_details`; the top-level `subscription` is the older place.
 */
export interface WireEventInvoice {
  id: string;
  customer: Ref;
  status: string | null;
  amount_paid: number;
  amount_remaining: number;
  attempt_count?: number;
  currency: string;
  subscription?: Ref;
  parent?: { subscription_details?: { subscription?: Ref } | null } | null;
}

/**
 * Metadata keys Tender writes on Stripe objects so that it can read its own context
 * back (Stripe metadata: up to 50 keys, values up to 500 characters).
 */
export const TENDER_METADATA = {
  /** The processor idempotency key, so a lost charge can be found by search later. */
  key: 'tender_key',
  invoiceId: 'tender_invoice_id',
  description: 'tender_description',
  /**
   * The neutral refund reason when Stripe's own reason list has no exact match; on a
   * refund Tender made by itself, why it did (duplicate-link-payment.ts).
   */
  refundReason: 'tender_reason',
  refundNote: 'tender_note',
} as const;
