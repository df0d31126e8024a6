import {
  optionalMetadata, optionalString, pathParam, requireAmount, requireMerchantAccount, requireReference,
  type AdyenCall, type HandlerResult,
} from '../api-call.js';
import { notFound, validation } from '../errors.js';
import { newPaymentLinkId } from '../ids.js';
import type { NotificationOutbox } from '../notifications.js';
import { isoSeconds, type AdyenState, type PaymentLinkRecord, type PaymentRecord } from '../state.js';
import { outcomeForHolderName } from '../test-outcomes.js';
import { authorise } from './authorise.js';
import { addStoredPaymentMethod } from './stored-payment-methods.js';

const DAY = 86_400;
/** Adyen: "If not provided, the payment link expires 24 hours after it was created." */
const DEFAULT_EXPIRY_SECONDS = DAY;
/** Adyen: "The maximum expiry date is 70 days after the payment link is created." */
export const MAX_EXPIRY_SECONDS = 70 * DAY;

/** Request fields a PaymentLinkResponse echoes (Checkout v72 spec), when sent. */
const ECHOED_STRINGS = [
  'countryCode', 'description', 'merchantOrderReference', 'recurringProcessingModel', 'returnUrl',
  'shopperEmail', 'shopperLocale', 'shopperReference', 'storePaymentMethodMode', 'telephoneNumber', 'themeId',
];

/** POST /v72/paymentLinks: 201 with the link, `status: "active"` until paid or expired. */
export function createPaymentLink(call: AdyenCall): HandlerResult {
  const { body, state } = call;
  requireMerchantAccount(call);
  const amount = requireAmount(body);
  const reference = requireReference(body);
  const now = state.clock.now();
  const expiresAt = expiryOf(optionalString(body, 'expiresAt'), now);
  const echoed: Record<string, unknown> = {};
  for (const field of ECHOED_STRINGS) {
    const value = optionalString(body, field);
    if (value !== undefined) echoed[field] = value;
  }
  const metadata = optionalMetadata(body);
  if (metadata) echoed.metadata = { ...metadata };
  echoed.reusable = body.reusable === true;
  const link: PaymentLinkRecord = {
    id: newPaymentLinkId(), reference, amount, expiresAt, status: 'active', echoed, createdAt: now, updatedAt: now,
  };
  state.paymentLinks.set(link.id, link);
  return { status: 201, body: linkBody(state, link) };
}

/** GET /v72/paymentLinks/{linkId}. */
export function retrievePaymentLink(call: AdyenCall): HandlerResult {
  const link = call.state.paymentLinks.get(pathParam(call, 'linkId'));
  if (!link) throw notFound();
  return { status: 200, body: linkBody(call.state, link) };
}

/**
 * Sandbox control: the shopper pays the link with a test card whose holder name picks
 * the result (default APPROVED). An approved payment completes the link, saves the card
 * when the link asked to store it, and queues AUTHORISATION with `paymentLinkId`.
 */
export function payPaymentLink(
  state: AdyenState,
  notifications: NotificationOutbox,
  linkId: string,
  holderName = 'APPROVED',
): PaymentRecord {
  const link = state.paymentLinks.get(linkId);
  if (!link) throw new Error(`no payment link ${linkId}`);
  refreshExpiry(state, link);
  if (link.status !== 'active') throw new Error(`payment link ${linkId} is ${link.status}`);
  const shopperReference = typeof link.echoed.shopperReference === 'string' ? link.echoed.shopperReference : undefined;
  const { record } = authorise(state, notifications, {
    amount: link.amount,
    merchantReference: link.reference,
    brand: 'visa',
    decision: outcomeForHolderName(holderName),
    paymentLinkId: link.id,
    ...(shopperReference ? { shopperReference } : {}),
  });
  if (record.resultCode === 'Authorised') {
    link.status = 'completed';
    link.paymentPspReference = record.pspReference;
    link.updatedAt = state.clock.now();
    if (shopperReference && link.echoed.storePaymentMethodMode === 'enabled') {
      addStoredPaymentMethod(state, { shopperReference, brand: 'visa', lastFour: '1111', holderName: 'APPROVED' });
    }
  }
  return record;
}

function expiryOf(given: string | undefined, now: number): number {
  if (given === undefined) return now + DEFAULT_EXPIRY_SECONDS;
  const millis = Date.parse(given);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(given) || Number.isNaN(millis)) {
    throw validation('00_422', "Field 'expiresAt' must be an ISO 8601 date-time.");
  }
  const expiresAt = Math.floor(millis / 1000);
  if (expiresAt <= now) throw validation('00_422', "Field 'expiresAt' must be in the future.");
  if (expiresAt > now + MAX_EXPIRY_SECONDS) {
    throw validation('00_422', 'The maximum expiry date is 70 days after the payment link is created.');
  }
  return expiresAt;
}

/** An active link whose expiry passed reads as expired from then on. */
export function refreshExpiry(state: AdyenState, link: PaymentLinkRecord): void {
  if (link.status === 'active' && state.clock.now() >= link.expiresAt) {
    link.status = 'expired';
    link.updatedAt = link.expiresAt;
  }
}

function linkBody(state: AdyenState, link: PaymentLinkRecord): Record<string, unknown> {
  refreshExpiry(state, link);
  return {
    ...structuredClone(link.echoed),
    amount: { ...link.amount },
    expiresAt: isoSeconds(link.expiresAt),
    id: link.id,
    merchantAccount: state.merchantAccount,
    reference: link.reference,
    status: link.status,
    updatedAt: isoSeconds(link.updatedAt),
    url: `${state.baseUrl}/payByLink/${link.id}`,
  };
}
