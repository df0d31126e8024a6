import { createClock, type SandboxClock } from '../shared/clock.js';
import { IdempotencyStore } from '../shared/idempotency.js';

/**
 * Everything the Adyen sandbox remembers. Maps keep insertion order (creation order).
 * Tests count objects here, e.g. `state.payments.size` is every /payments attempt that
 * reached the acquirer, refused ones included. The idempotency store and clock are shared
 * with the Stripe sandbox (shared/, same contract: first response saved and replayed per API key). Its
 * keys last 24 hours of sandbox time where Adyen keeps them at least 31 days, which only
 * matters to a test that moves the clock further than that.
 */
export interface Amount {
  currency: string;
  value: number;
}

export interface StoredPaymentMethodRecord {
  id: string;
  shopperReference: string;
  brand: string;
  lastFour: string;
  /** Two digits, as Adyen sends them ("03"). */
  expiryMonth: string;
  /** Four digits. */
  expiryYear: string;
  /** The test result selector (APPROVED, NOT_ENOUGH_BALANCE, ...). */
  holderName: string;
  /** The issuer asks for 3-D Secure: a charge answers RedirectShopper. */
  requiresAuthentication: boolean;
  /** Unix seconds. */
  createdAt: number;
}

export interface PaymentRecord {
  pspReference: string;
  merchantReference: string;
  amount: Amount;
  resultCode: string;
  shopperReference?: string;
  storedPaymentMethodId?: string;
  brand: string;
  paymentLinkId?: string;
  /** Captured at authorisation unless the merchant account or request delays capture. */
  captured: boolean;
  cancelled: boolean;
  /** Sum of refunds that succeeded, minor units. */
  refundedValue: number;
  createdAt: number;
}

export type ModificationKind = 'refund' | 'cancel' | 'reversal' | 'capture';

export interface ModificationRecord {
  pspReference: string;
  paymentPspReference: string;
  kind: ModificationKind;
  amount: Amount;
  reference?: string;
  /** "received" until decided; the decision goes out as a notification. */
  status: 'received' | 'succeeded' | 'failed';
  createdAt: number;
}

export interface PaymentLinkRecord {
  id: string;
  reference: string;
  amount: Amount;
  /** Unix seconds. */
  expiresAt: number;
  status: 'active' | 'completed' | 'expired';
  /** Fields of the request echoed in every response (description, shopperReference, ...). */
  echoed: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  paymentPspReference?: string;
}

export interface AdyenState {
  merchantAccount: string;
  /** Payments are uncaptured until `capturePayment` (a merchant account with delayed capture). */
  captureDelayed: boolean;
  storedPaymentMethods: Map<string, StoredPaymentMethodRecord>;
  payments: Map<string, PaymentRecord>;
  modifications: Map<string, ModificationRecord>;
  paymentLinks: Map<string, PaymentLinkRecord>;
  idempotency: IdempotencyStore;
  clock: SandboxClock;
  /** Where the sandbox is reachable; link and redirect URLs point here. */
  baseUrl: string;
}

export function createState(merchantAccount: string, captureDelayed: boolean): AdyenState {
  const clock = createClock();
  return {
    merchantAccount,
    captureDelayed,
    storedPaymentMethods: new Map(),
    payments: new Map(),
    modifications: new Map(),
    paymentLinks: new Map(),
    idempotency: new IdempotencyStore(clock),
    clock,
    baseUrl: '',
  };
}

/** Adyen's date-time form, e.g. "2026-11-26T10:15:30Z" (seconds precision). */
export function isoSeconds(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
