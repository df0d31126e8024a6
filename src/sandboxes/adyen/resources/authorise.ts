import { newAuthCode, newPspReference } from '../ids.js';
import type { NotificationOutbox } from '../notifications.js';
import type { AdyenState, Amount, PaymentRecord } from '../state.js';
import type { TestOutcome } from '../test-outcomes.js';

/** What the test acquirer decides: a documented outcome, or a 3-D Secure challenge. */
export type AcquirerDecision = TestOutcome | { name: 'REDIRECT'; resultCode: 'RedirectShopper' };

export interface AuthorisationInput {
  amount: Amount;
  merchantReference: string;
  brand: string;
  decision: AcquirerDecision;
  shopperReference?: string;
  storedPaymentMethodId?: string;
  paymentLinkId?: string;
  /** `additionalData.manualCapture: "true"` on the request. */
  manualCapture?: boolean;
}

/** Results that end the payment: Adyen sends AUTHORISATION for these, success only when Authorised. */
const FINAL_RESULTS: ReadonlySet<string> = new Set(['Authorised', 'Refused', 'Error', 'Cancelled']);

/**
 * Records one payment attempt and returns its PaymentResponse body (Checkout v72),
 * queuing the AUTHORISATION notification when the result is final. A challenge
 * (RedirectShopper) and a pending result (Received) send none yet.
 */
export function authorise(
  state: AdyenState,
  notifications: NotificationOutbox,
  input: AuthorisationInput,
): { record: PaymentRecord; response: Record<string, unknown> } {
  const { decision } = input;
  const authorised = decision.resultCode === 'Authorised';
  const record: PaymentRecord = {
    pspReference: newPspReference(),
    merchantReference: input.merchantReference,
    amount: { ...input.amount },
    resultCode: decision.resultCode,
    brand: input.brand,
    captured: authorised && !state.captureDelayed && !input.manualCapture,
    cancelled: false,
    refundedValue: 0,
    createdAt: state.clock.now(),
    ...(input.shopperReference ? { shopperReference: input.shopperReference } : {}),
    ...(input.storedPaymentMethodId ? { storedPaymentMethodId: input.storedPaymentMethodId } : {}),
    ...(input.paymentLinkId ? { paymentLinkId: input.paymentLinkId } : {}),
  };
  state.payments.set(record.pspReference, record);

  const refusal = 'refusalReasonCode' in decision && decision.refusalReasonCode ? decision : undefined;
  const response: Record<string, unknown> = {
    additionalData: authorised ? { authCode: newAuthCode() } : refusal ? { refusalReasonRaw: decision.name } : {},
    amount: { ...record.amount },
    merchantReference: record.merchantReference,
    paymentMethod: { brand: record.brand, type: 'scheme' },
    pspReference: record.pspReference,
    ...(refusal ? { refusalReason: refusal.refusalReason, refusalReasonCode: refusal.refusalReasonCode } : {}),
    resultCode: decision.resultCode,
  };
  if (decision.resultCode === 'RedirectShopper') {
    response.action = {
      method: 'GET',
      paymentMethodType: 'scheme',
      type: 'redirect',
      url: `${state.baseUrl}/_sandbox/3ds/${record.pspReference}`,
    };
  }

  if (FINAL_RESULTS.has(decision.resultCode)) {
    const additionalData: Record<string, string> = {};
    if (refusal) additionalData.refusalReasonRaw = decision.name;
    if (input.paymentLinkId) additionalData.paymentLinkId = input.paymentLinkId;
    if (input.shopperReference) additionalData.shopperReference = input.shopperReference;
    if (input.storedPaymentMethodId) additionalData['recurring.recurringDetailReference'] = input.storedPaymentMethodId;
    notifications.emit({
      eventCode: 'AUTHORISATION',
      success: authorised,
      pspReference: record.pspReference,
      merchantReference: record.merchantReference,
      amount: record.amount,
      paymentMethod: record.brand,
      ...(refusal ? { reason: refusal.refusalReason } : {}),
      additionalData,
    });
  }
  return { record, response };
}
