import type { DeclineDetail, DeclineReason } from '../../core/types.js';
import type { WireTransaction } from './wire.js';

/**
 * The one table from Braintree's decline vocabulary to the neutral DeclineReason, keyed
 * by the raw code Tender keeps in `processorCode`: the processor response code of a
 * `processor_declined` or `failed` transaction
 * (developer.paypal.com/braintree/docs/reference/general/processor-responses/authorization-responses),
 * or `gateway_rejected:<reason>` for a transaction Braintree's own rules refused
 * (Transaction.GatewayRejectionReason in the SDK). A code that is not here reads as
 * `generic` (2000-2999) or `try_again_later` (3000-3999, the processor network).
 *
 * Retry advice: a processor decline carries Braintree's `processor-response-type`,
 * soft_declined (a later attempt may succeed) or hard_declined (it will not); that is
 * reported as `retryMaySucceed`. A gateway rejection has no type; the rows below that
 * say `retry: false` are the ones Braintree will keep refusing whatever the card does.
 */
const TABLE: ReadonlyArray<{ reason: DeclineReason; codes: readonly string[]; retry?: boolean }> = [
  { reason: 'generic', codes: ['2000', '2011', '2019', '2034', '2038', '2041', '2044', '2046', '2092'] },
  { reason: 'insufficient_funds', codes: ['2001'] },
  { reason: 'amount_or_limit_exceeded', codes: ['2002', '2003', '2035', '2056', '2086', '2097', '2098'] },
  { reason: 'expired_card', codes: ['2004', '2006'] },
  { reason: 'invalid_account', codes: ['2005', '2007', '2008', '2009', '2022', '2051'] },
  { reason: 'incorrect_cvc', codes: ['2010', 'gateway_rejected:cvv'] },
  { reason: 'lost_or_stolen', codes: ['2012', '2013', '2047', '2053'] },
  { reason: 'suspected_fraud', codes: ['2014', '2020', '2021', '2077'] },
  { reason: 'suspected_fraud', codes: ['gateway_rejected:fraud', 'gateway_rejected:risk_threshold'], retry: false },
  { reason: 'card_not_supported', codes: ['2015', '2023', '2024', '2029', '2032', '2050', '2057', '2058', 'gateway_rejected:prepaid'] },
  { reason: 'duplicate_transaction', codes: ['2016', '2069', '2094'] },
  { reason: 'duplicate_transaction', codes: ['gateway_rejected:duplicate'], retry: false },
  { reason: 'do_not_retry', codes: ['2017', '2018', '2043', '2070', 'gateway_rejected:excessive_retry'] },
  {
    reason: 'processing_error',
    codes: [
      '2025', '2026', '2028', '2030', '2031', '2033', '2036', '2037', '2039', '2040', '2042', '2045', '2049', '2054',
      '2055', '2061', '2065', '2067', '2079', '2087', '2089', '2090', '2095', '2100',
    ],
  },
  // The merchant account's application is not complete: no charge succeeds until it is.
  { reason: 'processing_error', codes: ['gateway_rejected:application_incomplete'], retry: false },
  { reason: 'invalid_amount', codes: ['2027', '2048', '2062'] },
  { reason: 'address_verification_failed', codes: ['2059', '2060', 'gateway_rejected:avs', 'gateway_rejected:avs_and_cvv'] },
  { reason: 'currency_not_supported', codes: ['2064', '2088', '2091'] },
  {
    reason: 'payment_method_unusable',
    codes: [
      '2063', '2066', '2068', '2071', '2072', '2073', '2074', '2075', '2076', '2081', '2082', '2083', '2084', '2085',
      '2093', '2096', 'gateway_rejected:token_issuance',
    ],
  },
  // A caller on the phone cannot complete 3-D Secure: Tender offers a payment link.
  { reason: 'authentication_required', codes: ['2099', 'gateway_rejected:three_d_secure'] },
  { reason: 'try_again_later', codes: ['3000'] },
];

const BY_CODE: ReadonlyMap<string, { reason: DeclineReason; retry?: boolean }> = new Map(
  TABLE.flatMap((row) => row.codes.map((code) => [code, row.retry === undefined ? { reason: row.reason } : { reason: row.reason, retry: row.retry }] as const)),
);

/** Every raw code the table names (for checking it covers Braintree's documented codes). */
export const MAPPED_CODES: ReadonlySet<string> = new Set(BY_CODE.keys());

export function declineReasonOf(processorCode: string): DeclineReason {
  const known = BY_CODE.get(processorCode);
  if (known) return known.reason;
  return /^3\d{3}$/.test(processorCode) ? 'try_again_later' : 'generic';
}

/** The decline a transaction records, or undefined when it did not decline. */
export function declineOf(tx: WireTransaction): DeclineDetail | undefined {
  switch (tx.status) {
    case 'processor_declined':
    case 'failed': {
      const code = tx.processorResponseCode || (tx.status === 'failed' ? '3000' : 'unknown');
      const detail: DeclineDetail = { reason: declineReasonOf(code), processorCode: code };
      if (tx.processorResponseText) detail.processorMessage = tx.processorResponseText;
      const type = tx.processorResponseType ?? (tx.status === 'failed' ? 'soft_declined' : undefined);
      if (type === 'hard_declined') detail.retryMaySucceed = false;
      if (type === 'soft_declined') detail.retryMaySucceed = true;
      return detail;
    }
    case 'gateway_rejected': {
      const rejection = tx.gatewayRejectionReason || 'unknown';
      const code = `gateway_rejected:${rejection}`;
      const detail: DeclineDetail = { reason: declineReasonOf(code), processorCode: code, processorMessage: `Gateway Rejected: ${rejection}` };
      const retry = BY_CODE.get(code)?.retry;
      if (retry !== undefined) detail.retryMaySucceed = retry;
      return detail;
    }
    case 'settlement_declined': {
      const code = `settlement_declined:${tx.processorSettlementResponseCode || 'unknown'}`;
      const detail: DeclineDetail = { reason: 'generic', processorCode: code, retryMaySucceed: false };
      if (tx.processorSettlementResponseText) detail.processorMessage = tx.processorSettlementResponseText;
      return detail;
    }
    default:
      return undefined;
  }
}
