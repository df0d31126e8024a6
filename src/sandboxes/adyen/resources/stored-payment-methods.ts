import { optionalString, requireMerchantAccount, type AdyenCall, type HandlerResult } from '../api-call.js';
import { validation } from '../errors.js';
import { newStoredPaymentMethodId } from '../ids.js';
import { isoSeconds, type AdyenState, type StoredPaymentMethodRecord } from '../state.js';

/** What a test (or the seed) says about a card it stores for a shopper. */
export interface StoredPaymentMethodInput {
  shopperReference: string;
  id?: string;
  brand?: string;
  lastFour?: string;
  expiryMonth?: number;
  expiryYear?: number;
  /** Test result selector; default APPROVED. */
  holderName?: string;
  requiresAuthentication?: boolean;
  /** Unix seconds; default now. */
  createdAt?: number;
}

/** Recurring models a card stored for merchant-initiated payments supports. */
const SUPPORTED_MODELS = ['CardOnFile', 'Subscription', 'UnscheduledCardOnFile'];

/** Sandbox control (Adyen stores cards when a shopper pays with consent): adds one card. */
export function addStoredPaymentMethod(state: AdyenState, input: StoredPaymentMethodInput): StoredPaymentMethodRecord {
  if (!input.shopperReference) throw new TypeError('shopperReference is required');
  const lastFour = input.lastFour ?? '1111';
  if (!/^\d{4}$/.test(lastFour)) throw new TypeError('lastFour must be four digits');
  const method: StoredPaymentMethodRecord = {
    id: input.id ?? newStoredPaymentMethodId(),
    shopperReference: input.shopperReference,
    brand: input.brand ?? 'visa',
    lastFour,
    expiryMonth: String(input.expiryMonth ?? 3).padStart(2, '0'),
    expiryYear: String(input.expiryYear ?? 2030),
    holderName: input.holderName ?? 'APPROVED',
    requiresAuthentication: input.requiresAuthentication ?? false,
    createdAt: input.createdAt ?? state.clock.now(),
  };
  state.storedPaymentMethods.set(method.id, method);
  return method;
}

/**
 * GET /v72/storedPaymentMethods?shopperReference=&merchantAccount= (Checkout v72,
 * ListStoredPaymentMethodsResponse), in the order the cards were stored.
 */
export function listStoredPaymentMethods(call: AdyenCall): HandlerResult {
  const merchantAccount = requireMerchantAccount(call, call.query.get('merchantAccount') ?? undefined);
  const shopperReference = call.query.get('shopperReference') ?? optionalString(call.body, 'shopperReference');
  if (!shopperReference) throw validation('000', 'Recurring payments require a shopperReference');
  const storedPaymentMethods = [...call.state.storedPaymentMethods.values()]
    .filter((method) => method.shopperReference === shopperReference)
    .map((method) => ({
      brand: method.brand,
      createdAt: isoSeconds(method.createdAt),
      expiryMonth: method.expiryMonth,
      expiryYear: method.expiryYear,
      holderName: method.holderName,
      id: method.id,
      lastFour: method.lastFour,
      name: BRAND_NAMES[method.brand] ?? method.brand.toUpperCase(),
      shopperReference: method.shopperReference,
      supportedRecurringProcessingModels: [...SUPPORTED_MODELS],
      type: 'scheme',
    }));
  return { status: 200, body: { merchantAccount, shopperReference, storedPaymentMethods } };
}

const BRAND_NAMES: Readonly<Record<string, string>> = {
  visa: 'VISA',
  mc: 'MasterCard',
  amex: 'American Express',
  discover: 'Discover',
};
