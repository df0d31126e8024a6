import type { DirectoryCustomer } from '../../store/customer-directory.js';
import type {
  Customer, DeclineDetail, Money, Payment, PaymentLink, PaymentLinkStatus, PaymentMethod, PaymentStatus, RefundReason,
  WalletKind,
} from '../../core/types.js';
import { declineDetailOf } from './declines.js';
import { TENDER_METADATA, type WireAmount, type WirePaymentLink, type WirePaymentResponse, type WireStoredPaymentMethod } from './wire.js';

/**
 * Pure translation between Adyen wire objects and Tender's neutral types. Adyen's
 * amounts are already integer minor units with upper-case ISO 4217 codes.
 */
export function moneyOf(amount: WireAmount): Money {
  return { amount: amount.value, currency: amount.currency.toUpperCase() };
}

export function amountOf(money: Money): WireAmount {
  return { currency: money.currency.toUpperCase(), value: money.amount };
}

/** resultCodes that ask the shopper to do something (docs.adyen.com "Result codes"). */
const SHOPPER_ACTIONS: ReadonlySet<string> = new Set([
  'RedirectShopper', 'IdentifyShopper', 'ChallengeShopper', 'PresentToShopper', 'AuthenticationFinished', 'AuthenticationNotRequired',
]);

/**
 * The one place a /payments resultCode becomes a neutral status.
 * - Authorised (and Success) succeeded; Received and Pending are processing: the final
 *   result arrives by AUTHORISATION notification.
 * - Refused is a decline, except a refusal for missing authentication, which a caller
 *   on the phone cannot give off-session: requires_action (offer a payment link).
 * - Error is a decline with processing_error: Adyen documents it as a final state
 *   ("there was an error when the payment was being processed ... final"), so the
 *   payment did not happen and the same card may be retried later; it is not an unknown
 *   outcome, which only a missing or failed response is.
 * - Cancelled is canceled. Actions (RedirectShopper, ...) need the cardholder:
 *   requires_action with reason authentication_required.
 * - Anything else (PartiallyAuthorised, which Tender never asks for, or a code this
 *   version does not know) is outcome_unknown, never a decline.
 */
export function paymentOutcomeOf(response: WirePaymentResponse): { status: PaymentStatus; decline?: DeclineDetail } {
  const resultCode = response.resultCode ?? '';
  switch (resultCode) {
    case 'Authorised':
    case 'Success':
      return { status: 'succeeded' };
    case 'Received':
    case 'Pending':
      return { status: 'processing' };
    case 'Cancelled':
      return { status: 'canceled' };
    case 'Refused':
    case 'Error': {
      const decline = declineDetailOf({
        resultCode,
        ...optional('refusalReason', response.refusalReason),
        ...optional('refusalReasonCode', response.refusalReasonCode),
        ...optional('refusalReasonRaw', response.additionalData?.refusalReasonRaw),
        ...optional('merchantAdviceCode', response.additionalData?.merchantAdviceCode),
      });
      return { status: decline.reason === 'authentication_required' ? 'requires_action' : 'declined', decline };
    }
    default:
      if (SHOPPER_ACTIONS.has(resultCode) || response.action) {
        return { status: 'requires_action', decline: { reason: 'authentication_required', processorCode: resultCode || 'action' } };
      }
      return { status: 'outcome_unknown' };
  }
}

/** The payment as Tender asked for it, completed by Adyen's answer. */
export function mapPaymentResponse(response: WirePaymentResponse, requested: Omit<Payment, 'id' | 'status'>): Payment {
  const { status, decline } = paymentOutcomeOf(response);
  return { ...requested, id: response.pspReference ?? '', status, ...(decline ? { decline } : {}) };
}

/** Adyen's brand variants to the neutral names Stripe also uses ("mc" -> "mastercard"). */
const BRANDS: Readonly<Record<string, string>> = {
  mc: 'mastercard', amex: 'amex', visa: 'visa', discover: 'discover', diners: 'diners', jcb: 'jcb', cup: 'unionpay',
  maestro: 'maestro', cartebancaire: 'cartes_bancaires',
};

export function brandOf(adyenBrand: string | undefined): string {
  const brand = (adyenBrand ?? '').toLowerCase();
  const base = brand.replace(/_(applepay|googlepay|paywithgoogle)$/, '');
  return BRANDS[base] ?? base;
}

function walletOf(adyenBrand: string | undefined): WalletKind {
  const brand = (adyenBrand ?? '').toLowerCase();
  if (brand.endsWith('_applepay')) return 'apple_pay';
  if (brand.endsWith('_googlepay') || brand.endsWith('_paywithgoogle')) return 'google_pay';
  return 'none';
}

/**
 * Stored methods a merchant-initiated charge can use: cards with a last four that
 * support UnscheduledCardOnFile (when Adyen says which models they support).
 */
export function isChargeableCard(method: WireStoredPaymentMethod): boolean {
  const models = method.supportedRecurringProcessingModels;
  return Boolean(method.id && method.lastFour) && (!models || models.includes('UnscheduledCardOnFile'));
}

/**
 * Adyen marks no stored method as default. Tender's rule: the most recently stored
 * card (latest `createdAt`) is the default, being the one the shopper chose last; when
 * Adyen gives no dates, the first one listed. Applied to chargeable cards only.
 */
export function defaultStoredMethodId(methods: WireStoredPaymentMethod[]): string {
  let chosen: WireStoredPaymentMethod | undefined;
  for (const method of methods.filter(isChargeableCard)) {
    if (!chosen || timeOf(method.createdAt) > timeOf(chosen.createdAt)) chosen = method;
  }
  return chosen?.id ?? '';
}

function timeOf(value: Date | string | undefined): number {
  const time = value === undefined ? Number.NaN : new Date(value).getTime();
  return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
}

export function mapStoredPaymentMethod(method: WireStoredPaymentMethod, customerId: string, defaultId: string): PaymentMethod {
  return {
    id: method.id ?? '',
    customerId,
    brand: brandOf(method.brand),
    last4: method.lastFour ?? '',
    expMonth: Number(method.expiryMonth ?? 0) || 0,
    expYear: Number(method.expiryYear ?? 0) || 0,
    isDefault: method.id === defaultId,
    wallet: walletOf(method.brand),
  };
}

export function mapDirectoryCustomer(customer: DirectoryCustomer): Customer {
  return {
    id: customer.id, name: customer.name, email: customer.email, phone: customer.phone,
    createdAt: new Date(customer.createdAt), metadata: { ...customer.metadata },
  };
}

const LINK_STATUSES: Readonly<Record<string, PaymentLinkStatus>> = {
  active: 'open', paymentPending: 'open', completed: 'completed', paid: 'completed', expired: 'expired',
};

/** `paymentId` comes from what Tender learned (the AUTHORISATION notification); the link does not carry it. */
export function mapPaymentLink(wire: WirePaymentLink, paymentId: string): PaymentLink {
  const link: PaymentLink = {
    id: wire.id,
    url: wire.url,
    amount: moneyOf(wire.amount),
    status: LINK_STATUSES[wire.status] ?? 'open',
    customerId: wire.shopperReference ?? '',
    invoiceId: wire.metadata?.[TENDER_METADATA.invoiceId] ?? '',
    paymentId,
    description: wire.description ?? '',
  };
  if (wire.expiresAt !== undefined) link.expiresAt = new Date(wire.expiresAt);
  return link;
}

/**
 * Adyen's `merchantRefundReason` (FRAUD, CUSTOMER REQUEST, DUPLICATE, OTHER), named by
 * the SDK enum's member; Tender's finer reasons read as OTHER.
 */
export function merchantRefundReasonOf(reason: RefundReason): 'Fraud' | 'CustomerRequest' | 'Duplicate' | 'Other' {
  if (reason === 'fraudulent') return 'Fraud';
  if (reason === 'requested_by_customer') return 'CustomerRequest';
  if (reason === 'duplicate') return 'Duplicate';
  return 'Other';
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
