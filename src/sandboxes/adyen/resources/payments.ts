import {
  optionalMetadata, optionalObject, optionalString, requireAmount, requireMerchantAccount, requireReference,
  type AdyenCall, type HandlerResult,
} from '../api-call.js';
import { notAllowed, validation } from '../errors.js';
import { outcomeForHolderName, outcomeForRequestedCode } from '../test-outcomes.js';
import { authorise, type AcquirerDecision } from './authorise.js';

const SHOPPER_INTERACTIONS = ['Ecommerce', 'ContAuth', 'Moto', 'POS'];
const RECURRING_MODELS = ['CardOnFile', 'Subscription', 'UnscheduledCardOnFile'];
/** Card fields that would put cardholder data on the wire: this sandbox takes stored methods only. */
const RAW_CARD_FIELDS = ['number', 'encryptedCardNumber', 'cvc', 'encryptedSecurityCode'];

/**
 * POST /v72/payments with a stored payment method (processor-wire.md, Adyen):
 * `paymentMethod.storedPaymentMethodId`, `shopperReference`, `shopperInteraction`
 * (ContAuth for a merchant-initiated charge) and `recurringProcessingModel`. The stored
 * method's holder name, or `additionalData.RequestedTestAcquirerResponseCode`, picks the
 * documented test result; a method flagged for 3-D Secure answers RedirectShopper.
 * Refusals are HTTP 200 with `resultCode` Refused or Error, as at Adyen.
 */
export function createPayment(call: AdyenCall): HandlerResult {
  const { body, state } = call;
  requireMerchantAccount(call);
  const amount = requireAmount(body);
  const merchantReference = requireReference(body);
  const paymentMethod = optionalObject(body, 'paymentMethod');
  if (!paymentMethod) throw validation('000', 'paymentDetails not supplied');
  if (RAW_CARD_FIELDS.some((field) => field in paymentMethod)) {
    throw notAllowed('Not allowed: this sandbox charges stored payment methods only');
  }
  const storedId = optionalString(paymentMethod, 'storedPaymentMethodId') ?? optionalString(paymentMethod, 'recurringDetailReference');
  if (!storedId) throw validation('000', 'paymentDetails not supplied');
  const shopperReference = optionalString(body, 'shopperReference');
  if (!shopperReference) throw validation('000', 'Recurring payments require a shopperReference');
  // Required by the Checkout v72 schema for every payment, even one that never redirects.
  if (!optionalString(body, 'returnUrl')) throw validation('14_030', 'Return URL is missing.');
  requireOneOf(body, 'shopperInteraction', SHOPPER_INTERACTIONS);
  requireOneOf(body, 'recurringProcessingModel', RECURRING_MODELS);
  optionalMetadata(body);
  const stored = state.storedPaymentMethods.get(storedId);
  if (!stored || stored.shopperReference !== shopperReference) throw validation('803', 'PaymentDetail not found');

  const additionalData = optionalObject(body, 'additionalData') ?? {};
  const requested = outcomeForRequestedCode(stringOf(additionalData.RequestedTestAcquirerResponseCode));
  const decision: AcquirerDecision =
    requested ??
    (stored.requiresAuthentication ? { name: 'REDIRECT', resultCode: 'RedirectShopper' } : outcomeForHolderName(stored.holderName));
  const { response } = authorise(state, call.notifications, {
    amount,
    merchantReference,
    brand: stored.brand,
    decision,
    shopperReference,
    storedPaymentMethodId: stored.id,
    manualCapture: additionalData.manualCapture === 'true',
  });
  return { status: 200, body: response };
}

function requireOneOf(body: Record<string, unknown>, field: string, allowed: string[]): void {
  const value = optionalString(body, field);
  if (value !== undefined && !allowed.includes(value)) {
    throw validation('00_422', `Field '${field}' must be one of ${allowed.join(', ')}.`);
  }
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
