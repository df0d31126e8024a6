import type { DeclineDetail, DeclineReason } from '../../core/types.js';

/**
 * The one table from Adyen's refusal vocabulary to the neutral DeclineReason, grouped by
 * neutral reason. `refusalCodes` are Adyen's normalized `refusalReasonCode`s
 * (docs.adyen.com "Refusal reasons"); `raw` are values of
 * `additionalData.refusalReasonRaw`: the test acquirer's result names
 * (NOT_ENOUGH_BALANCE...) and the ISO 8583 response codes real acquirers put first
 * ("51 : Insufficient funds"). The refusal code is read first, being Adyen's own
 * normalization; the raw value only when the code is missing or unknown.
 */
const DECLINE_TABLE: ReadonlyArray<{ reason: DeclineReason; refusalCodes: string[]; raw: string[] }> = [
  { reason: 'insufficient_funds', refusalCodes: ['12'], raw: ['NOT_ENOUGH_BALANCE', '51'] },
  { reason: 'generic', refusalCodes: ['0', '2', '3', '15', '16', '27'], raw: ['DECLINED', 'REFERRAL', 'CANCELLED', '01', '02', '05'] },
  { reason: 'processing_error', refusalCodes: ['4', '21'], raw: ['ERROR', '06', '96'] },
  // Blocked: the issuer stopped the card, typically reported lost or stolen (hard decline).
  { reason: 'lost_or_stolen', refusalCodes: ['5'], raw: ['BLOCK_CARD', '04', '07', '41', '43'] },
  { reason: 'expired_card', refusalCodes: ['6'], raw: ['CARD_EXPIRED', '33', '54'] },
  { reason: 'invalid_amount', refusalCodes: ['7'], raw: ['INVALID_AMOUNT', '13'] },
  { reason: 'invalid_account', refusalCodes: ['8', '34', '35'], raw: ['INVALID_CARD_NUMBER', '14', '15', '56'] },
  { reason: 'try_again_later', refusalCodes: ['9'], raw: ['ISSUER_UNAVAILABLE', '19', '91'] },
  { reason: 'card_not_supported', refusalCodes: ['10', '23', '25'], raw: ['NOT_SUPPORTED', '57', '58', '62'] },
  { reason: 'authentication_required', refusalCodes: ['11', '38', '39', '42'], raw: ['NOT_3D_AUTHENTICATED', '1A'] },
  { reason: 'suspected_fraud', refusalCodes: ['14', '20', '22', '31'], raw: ['ACQUIRER_FRAUD', 'FRAUD', 'FRAUD_CANCELLED', '59', '34'] },
  { reason: 'payment_method_unusable', refusalCodes: ['17', '18', '19', '33', '36', '37', '43'], raw: ['55', '75'] },
  { reason: 'incorrect_cvc', refusalCodes: ['24'], raw: ['CVC_DECLINED', 'N7', '82'] },
  { reason: 'do_not_retry', refusalCodes: ['26', '46'], raw: ['R0', 'R1', 'R3'] },
  { reason: 'amount_or_limit_exceeded', refusalCodes: ['28', '29'], raw: ['61', '65'] },
  { reason: 'address_verification_failed', refusalCodes: ['32'], raw: [] },
];

const BY_REFUSAL_CODE = new Map(DECLINE_TABLE.flatMap((row) => row.refusalCodes.map((code) => [code, row.reason] as const)));
const BY_RAW = new Map(DECLINE_TABLE.flatMap((row) => row.raw.map((raw) => [raw, row.reason] as const)));

/** What Adyen says about a refusal (a PaymentResponse, or a notification's fields). */
export interface AdyenRefusal {
  resultCode?: string;
  refusalReason?: string;
  refusalReasonCode?: string;
  refusalReasonRaw?: string;
  /** `additionalData.merchantAdviceCode`, e.g. "03: Do not try again". */
  merchantAdviceCode?: string;
}

/** "51 : Insufficient funds" -> "51"; "NOT_ENOUGH_BALANCE" -> itself. */
function rawKeyOf(raw: string | undefined): string {
  return (raw ?? '').split(':')[0]?.trim().toUpperCase() ?? '';
}

export function declineReasonOf(refusal: AdyenRefusal): DeclineReason {
  const byCode = refusal.refusalReasonCode ? BY_REFUSAL_CODE.get(refusal.refusalReasonCode.trim()) : undefined;
  const fallback: DeclineReason = refusal.resultCode === 'Error' ? 'processing_error' : 'generic';
  return byCode ?? BY_RAW.get(rawKeyOf(refusal.refusalReasonRaw)) ?? fallback;
}

/**
 * The neutral DeclineDetail. `processorCode` keeps Adyen's code and the raw acquirer
 * reason together ("12:NOT_ENOUGH_BALANCE") for operations and fraud review.
 * `retryMaySucceed` follows Mastercard's merchant advice when Adyen passes it on
 * (01, 02, 24-30: later; 03, 21: never), and is otherwise left to the core's rule.
 */
export function declineDetailOf(refusal: AdyenRefusal): DeclineDetail {
  const code = refusal.refusalReasonCode?.trim() ?? '';
  const raw = refusal.refusalReasonRaw?.trim() ?? '';
  const detail: DeclineDetail = {
    reason: declineReasonOf(refusal),
    processorCode: [code, raw].filter((part) => part !== '').join(':') || refusal.resultCode || 'unknown',
  };
  if (refusal.refusalReason) detail.processorMessage = refusal.refusalReason;
  const advice = rawKeyOf(refusal.merchantAdviceCode);
  if (advice === '03' || advice === '21') detail.retryMaySucceed = false;
  else if (['01', '02', '24', '25', '26', '27', '28', '29', '30'].includes(advice)) detail.retryMaySucceed = true;
  return detail;
}
