/**
 * Braintree's documented processor responses and sandbox test amounts
 * (developer.paypal.com/braintree/docs/reference/general/processor-responses/authorization-responses
 * and .../testing#transaction-amounts). Each decline code carries Braintree's text and
 * its declared type: soft (temporary, a later attempt may succeed) or hard.
 */
export type ResponseType = 'approved' | 'soft_declined' | 'hard_declined';

export interface ProcessorResponse {
  code: string;
  text: string;
  type: ResponseType;
}

export const APPROVED: ProcessorResponse = { code: '1000', text: 'Approved', type: 'approved' };
/** Refunds and credits are not authorized: Braintree answers 1002 and submits them at once. */
export const PROCESSED: ProcessorResponse = { code: '1002', text: 'Processed', type: 'approved' };

/** Code, S(oft) or H(ard), text. */
const DECLINES = `
2000 S Do Not Honor|2001 S Insufficient Funds|2002 S Limit Exceeded|2003 S Cardholder's Activity Limit Exceeded
2004 H Expired Card|2005 H Invalid Credit Card Number|2006 H Invalid Expiration Date|2007 H No Account
2008 H Card Account Length Error|2009 H No Such Issuer|2010 H Card Issuer Declined CVV
2011 H Voice Authorization Required|2012 H Processor Declined - Possible Lost Card
2013 H Processor Declined - Possible Stolen Card|2014 H Processor Declined - Fraud Suspected
2015 H Transaction Not Allowed|2016 S Duplicate Transaction|2017 H Cardholder Stopped Billing
2018 H Cardholder Stopped All Billing|2019 H Invalid Transaction|2020 H Violation|2021 H Security Violation
2022 H Declined - Updated Cardholder Available|2023 H Processor Does Not Support This Feature
2024 H Card Type Not Enabled|2025 S Set Up Error - Merchant|2026 S Invalid Merchant ID
2027 H Set Up Error - Amount|2028 H Set Up Error - Hierarchy|2029 H Set Up Error - Card
2030 H Set Up Error - Terminal|2031 H Encryption Error|2032 H Surcharge Not Permitted|2033 H Inconsistent Data
2034 S No Action Taken|2035 S Partial Approval For Amount In Group III Version
2036 H Authorization could not be found|2037 H Already Reversed|2038 S Processor Declined
2039 H Invalid Authorization Code|2040 S Invalid Store|2041 H Declined - Call For Approval|2042 S Invalid Client ID
2043 H Error - Do Not Retry, Call Issuer|2044 H Declined - Call Issuer|2045 H Invalid Merchant Number
2046 S Declined|2047 H Call Issuer. Pick Up Card|2048 S Invalid Amount|2049 H Invalid SKU Number
2050 H Invalid Credit Plan|2051 H Credit Card Number does not match method of payment
2053 H Card reported as lost or stolen|2054 H Reversal amount does not match authorization amount
2055 H Invalid Transaction Division Number|2056 H Transaction amount exceeds the transaction division limit
2057 S Issuer or Cardholder has put a restriction on the card|2058 H Merchant not Mastercard SecureCode enabled
2059 H Address Verification Failed|2060 H Address Verification and Card Security Code Failed
2061 H Invalid Transaction Data|2062 S Invalid Tax Amount
2063 H PayPal Business Account preference resulted in the transaction failing|2064 H Invalid Currency Code
2065 H Refund Time Limit Exceeded|2066 H PayPal Business Account Restricted|2067 H Authorization Expired
2068 H PayPal Business Account Locked or Closed|2069 H PayPal Blocking Duplicate Order IDs
2070 H PayPal Buyer Revoked Pre-Approved Payment Authorization
2071 H PayPal Payee Account Invalid Or Does Not Have a Confirmed Email|2072 H PayPal Payee Email Incorrectly Formatted
2073 H PayPal Validation Error
2074 S Funding Instrument In The PayPal Account Was Declined By The Processor Or Bank, Or It Can't Be Used For This Payment
2075 H Payer Account Is Locked Or Closed|2076 H Payer Cannot Pay For This Transaction With PayPal
2077 H Transaction Refused Due To PayPal Risk Model|2079 H PayPal Merchant Account Configuration Error
2081 H PayPal pending payments are not supported|2082 H PayPal Domestic Transaction Required
2083 H PayPal Phone Number Required|2084 H PayPal Tax Info Required|2085 H PayPal Payee Blocked Transaction
2086 H PayPal Transaction Limit Exceeded|2087 H PayPal reference transactions not enabled for your account
2088 H Currency not enabled for your PayPal seller account|2089 H PayPal payee email permission denied for this request
2090 H PayPal account not configured to refund more than settled amount
2091 H Currency of this transaction must match currency of your PayPal account
2092 S No Data Found - Try Another Verification Method|2093 H PayPal payment method is invalid
2094 H PayPal payment has already been completed|2095 H PayPal refund is not allowed after partial refund
2096 H PayPal buyer account can't be the same as the seller account|2097 H PayPal authorization amount limit exceeded
2098 H PayPal authorization count limit exceeded|2099 S Cardholder Authentication Required
2100 H PayPal channel initiated billing not enabled for your account`;

const TABLE: ReadonlyMap<string, ProcessorResponse> = new Map(
  DECLINES.split(/[|\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry): [string, ProcessorResponse] => {
      const [code = '', kind = '', ...words] = entry.split(' ');
      return [code, { code, text: words.join(' '), type: kind === 'H' ? 'hard_declined' : 'soft_declined' }];
    }),
);

/** 3000: the back-end network failed; the transaction's status is `failed`. */
export const NETWORK_UNAVAILABLE: ProcessorResponse = {
  code: '3000',
  text: 'Processor Network Unavailable - Try Again',
  type: 'soft_declined',
};

/** Documented codes, and "Processor Declined" (soft) for the rest of 2101-2999. */
export function declineResponse(code: string): ProcessorResponse {
  if (code === NETWORK_UNAVAILABLE.code) return NETWORK_UNAVAILABLE;
  return TABLE.get(code) ?? { code, text: 'Processor Declined', type: 'soft_declined' };
}

export function documentedDeclineCodes(): string[] {
  return [...TABLE.keys()];
}

export type GatewayRejectionReason =
  | 'application_incomplete' | 'avs' | 'avs_and_cvv' | 'cvv' | 'duplicate' | 'excessive_retry' | 'fraud'
  | 'risk_threshold' | 'three_d_secure' | 'token_issuance';

/** What a transaction does, decided by its card first and its amount second. */
export type ChargeOutcome =
  | { kind: 'approve' }
  | { kind: 'processor_decline'; code: string }
  | { kind: 'fail' }
  | { kind: 'gateway_reject'; reason: GatewayRejectionReason };

/**
 * Braintree's test amounts, in minor units of a two-decimal currency:
 * 2000.00-2999.99 processor declined with the amount's whole part as the code,
 * 3000.00-3000.99 failed (3000), 5001.00 gateway rejected (application_incomplete);
 * everything else authorizes.
 */
export function outcomeOfAmount(amountMinor: number): ChargeOutcome {
  if (amountMinor >= 200_000 && amountMinor <= 299_999) {
    return { kind: 'processor_decline', code: String(Math.floor(amountMinor / 100)) };
  }
  if (amountMinor >= 300_000 && amountMinor <= 300_099) return { kind: 'fail' };
  if (amountMinor === 500_100) return { kind: 'gateway_reject', reason: 'application_incomplete' };
  return { kind: 'approve' };
}
