import { tryNormalizePhone } from '../../core/phone.js';
import type {
  Customer,
  Invoice,
  InvoiceStatus,
  Money,
  Payment,
  PaymentLink,
  PaymentLinkStatus,
  PaymentMethod,
  PaymentStatus,
  Refund,
  RefundReason,
  RefundStatus,
  WalletKind,
} from '../../core/types.js';
import { declineDetailOf } from './declines.js';
import {
  TENDER_METADATA,
  type Ref,
  type WireCheckoutSession,
  type WireCustomer,
  type WireInvoice,
  type WirePaymentIntent,
  type WirePaymentMethod,
  type WireRefund,
} from './wire.js';

/**
 * Pure translation between Stripe wire objects and Tender's neutral types (the
 * Hyperswitch connector split: the adapter talks, this file translates). Stripe sends
 * lower-case currency codes and unix seconds; Tender uses ISO 4217 upper case and Dates.
 */

export function idOf(ref: Ref): string {
  if (!ref) return '';
  return typeof ref === 'string' ? ref : ref.id;
}

export function moneyOf(amount: number, currency: string): Money {
  return { amount, currency: currency.toUpperCase() };
}

export function dateOf(unixSeconds: number | null | undefined): Date | undefined {
  return unixSeconds ? new Date(unixSeconds * 1000) : undefined;
}

export function mapCustomer(wire: WireCustomer, phoneRegion: string): Customer {
  const customer: Customer = {
    id: wire.id,
    name: wire.name ?? '',
    email: wire.email ?? '',
    phone: wire.phone ? tryNormalizePhone(wire.phone, phoneRegion) : '',
    metadata: { ...(wire.metadata ?? {}) },
  };
  const createdAt = dateOf(wire.created);
  if (createdAt) customer.createdAt = createdAt;
  return customer;
}

/** Stripe keeps the default card on the customer, not on the payment method. */
export function defaultPaymentMethodIdOf(customer: WireCustomer): string {
  return idOf(customer.invoice_settings?.default_payment_method);
}

const WALLETS: Readonly<Record<string, WalletKind>> = {
  apple_pay: 'apple_pay',
  google_pay: 'google_pay',
  link: 'link',
};

export function walletKindOf(walletType: string | null | undefined): WalletKind {
  if (!walletType) return 'none';
  return WALLETS[walletType] ?? 'other';
}

export function mapPaymentMethod(wire: WirePaymentMethod, defaultId: string): PaymentMethod {
  const card = wire.card;
  return {
    id: wire.id,
    customerId: idOf(wire.customer),
    brand: card?.brand ?? '',
    last4: card?.last4 ?? '',
    expMonth: card?.exp_month ?? 0,
    expYear: card?.exp_year ?? 0,
    isDefault: wire.id === defaultId,
    wallet: walletKindOf(card?.wallet?.type),
  };
}

const INVOICE_STATUSES: ReadonlySet<string> = new Set(['open', 'paid', 'void', 'uncollectible', 'draft']);

export function mapInvoice(wire: WireInvoice): Invoice {
  const lineText = (wire.lines?.data ?? [])
    .map((line) => line.description ?? '')
    .filter((text) => text !== '')
    .join(', ');
  const invoice: Invoice = {
    id: wire.id,
    customerId: idOf(wire.customer),
    status: (wire.status && INVOICE_STATUSES.has(wire.status) ? wire.status : 'draft') as InvoiceStatus,
    // What the customer still owes: an open invoice may be partly paid already.
    amountDue: moneyOf(wire.status === 'open' ? wire.amount_remaining : wire.amount_due, wire.currency),
    description: wire.description || lineText,
    number: wire.number ?? '',
  };
  const dueAt = dateOf(wire.due_date);
  if (dueAt) invoice.dueAt = dueAt;
  return invoice;
}

/**
 * The one place a PaymentIntent status becomes a neutral PaymentStatus. A PaymentIntent
 * that failed goes back to `requires_payment_method` with `last_payment_error` set
 * (https://docs.stripe.com/payments/paymentintents/lifecycle): that is a decline, except
 * when the issuer asked for authentication, which a caller on the phone cannot give
 * off-session, so it reads as `requires_action` (offer a payment link). Without an
 * error the intent simply has no method yet: the cardholder must act. A status this
 * version does not know is `outcome_unknown`, never a decline.
 */
export function paymentStatusOf(pi: Pick<WirePaymentIntent, 'status' | 'last_payment_error'>): PaymentStatus {
  switch (pi.status) {
    case 'succeeded':
      return 'succeeded';
    case 'processing':
    case 'requires_capture':
      return 'processing';
    case 'requires_action':
    case 'requires_confirmation':
      return 'requires_action';
    case 'canceled':
      return 'canceled';
    case 'requires_payment_method': {
      const error = pi.last_payment_error;
      if (!error) return 'requires_action';
      return declineDetailOf(error).reason === 'authentication_required' ? 'requires_action' : 'declined';
    }
    default:
      return 'outcome_unknown';
  }
}

/** What was refunded of the payment; 0 unless `latest_charge` is expanded. */
export function amountRefundedOf(pi: Pick<WirePaymentIntent, 'latest_charge'>): number {
  return typeof pi.latest_charge === 'object' ? (pi.latest_charge?.amount_refunded ?? 0) : 0;
}

/** `invoiceId` comes from an invoice_payments lookup; Stripe's PI does not carry it. */
export function mapPaymentIntent(pi: WirePaymentIntent, invoiceId = ''): Payment {
  const status = paymentStatusOf(pi);
  const error = pi.last_payment_error;
  const payment: Payment = {
    id: pi.id,
    customerId: idOf(pi.customer),
    // A failed attempt detaches the method from the intent and keeps it on the error.
    paymentMethodId: idOf(pi.payment_method) || idOf(error?.payment_method),
    invoiceId: invoiceId || pi.metadata?.[TENDER_METADATA.invoiceId] || '',
    amount: moneyOf(pi.amount, pi.currency),
    status,
    amountRefunded: moneyOf(amountRefundedOf(pi), pi.currency),
    description: pi.description ?? '',
  };
  if (error && (status === 'declined' || status === 'requires_action')) {
    payment.decline = declineDetailOf(error);
  }
  const createdAt = dateOf(pi.created);
  if (createdAt) payment.createdAt = createdAt;
  return payment;
}

/** Stripe's refund reasons are a subset of Tender's; the rest travel in metadata. */
export function stripeRefundReasonOf(reason: RefundReason): {
  reason: 'duplicate' | 'fraudulent' | 'requested_by_customer';
  metadata: Record<string, string>;
} {
  if (reason === 'duplicate' || reason === 'fraudulent' || reason === 'requested_by_customer') {
    return { reason, metadata: {} };
  }
  return { reason: 'requested_by_customer', metadata: { [TENDER_METADATA.refundReason]: reason } };
}

const REFUND_REASONS: ReadonlySet<string> = new Set([
  'requested_by_customer', 'duplicate', 'fraudulent', 'service_not_provided', 'other',
]);

const REFUND_STATUSES: Readonly<Record<string, RefundStatus>> = {
  succeeded: 'succeeded',
  pending: 'pending',
  requires_action: 'pending',
  failed: 'failed',
  canceled: 'canceled',
};

/**
 * Tender's reason in metadata wins over Stripe's, but only when it is a neutral reason:
 * a refund Tender made by itself records why there (duplicate-link-payment.ts) and
 * carries the neutral reason as Stripe's own.
 */
function refundReasonOf(wire: WireRefund): RefundReason {
  const candidates = [wire.metadata?.[TENDER_METADATA.refundReason], wire.reason];
  return (candidates.find((reason) => reason !== undefined && reason !== null && REFUND_REASONS.has(reason)) ?? 'other') as RefundReason;
}

export function mapRefund(wire: WireRefund): Refund {
  const refund: Refund = {
    id: wire.id,
    paymentId: idOf(wire.payment_intent),
    amount: moneyOf(wire.amount, wire.currency),
    status: REFUND_STATUSES[wire.status ?? ''] ?? 'pending',
    reason: refundReasonOf(wire),
    method: 'refund',
  };
  const createdAt = dateOf(wire.created);
  if (createdAt) refund.createdAt = createdAt;
  return refund;
}

const LINK_STATUSES: Readonly<Record<string, PaymentLinkStatus>> = {
  open: 'open',
  complete: 'completed',
  expired: 'expired',
};

export function mapCheckoutSession(wire: WireCheckoutSession): PaymentLink {
  const link: PaymentLink = {
    id: wire.id,
    url: wire.url ?? '',
    amount: moneyOf(wire.amount_total ?? 0, wire.currency ?? ''),
    status: LINK_STATUSES[wire.status ?? ''] ?? 'open',
    customerId: idOf(wire.customer),
    invoiceId: wire.metadata?.[TENDER_METADATA.invoiceId] ?? '',
    paymentId: idOf(wire.payment_intent),
    description: wire.metadata?.[TENDER_METADATA.description] ?? '',
  };
  const expiresAt = dateOf(wire.expires_at);
  if (expiresAt) link.expiresAt = expiresAt;
  return link;
}
