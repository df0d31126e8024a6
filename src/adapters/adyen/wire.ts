/**
 * The fields of Adyen's Checkout v72 and standard-webhook objects that Tender reads,
 * and nothing more. The SDK's own types (@adyen/api-library 32.1.0) are assignable to
 * these, and so are the objects of Adyen's published specification, which keeps the
 * mapping layer pure and testable without the network.
 */
export interface WireAmount {
  currency: string;
  value: number;
}

export interface WirePaymentResponse {
  pspReference?: string;
  resultCode?: string;
  refusalReason?: string;
  refusalReasonCode?: string;
  additionalData?: Record<string, string> | null;
  action?: { type?: string } | null;
}

export interface WireStoredPaymentMethod {
  id?: string;
  type?: string;
  brand?: string;
  lastFour?: string;
  expiryMonth?: string;
  expiryYear?: string;
  createdAt?: Date | string;
  supportedRecurringProcessingModels?: string[];
}

export interface WirePaymentLink {
  id: string;
  url: string;
  status: string;
  amount: WireAmount;
  reference: string;
  expiresAt?: Date | string;
  description?: string;
  shopperReference?: string;
  metadata?: Record<string, string>;
}

export interface WireModificationResponse {
  pspReference: string;
  paymentPspReference: string;
  status: string;
}

/** One item of a standard notification (Webhooks v1 NotificationRequestItem). */
export interface WireNotificationItem {
  pspReference: string;
  originalReference?: string;
  merchantAccountCode: string;
  merchantReference: string;
  amount: WireAmount;
  eventCode: string;
  eventDate?: string;
  success: string;
  reason?: string;
  additionalData?: Record<string, string | undefined>;
}

/**
 * Metadata keys Tender writes on Adyen objects to read its own context back (Adyen
 * metadata: up to 20 entries, keys up to 20 and values up to 80 characters).
 */
export const TENDER_METADATA = {
  invoiceId: 'tenderInvoiceId',
} as const;
