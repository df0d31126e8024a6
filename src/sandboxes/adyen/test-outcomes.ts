/**
 * Adyen's documented test results (docs.adyen.com "Test result codes"; processor-wire.md,
 * Adyen): a card's holder name, or `additionalData.RequestedTestAcquirerResponseCode`
 * (the refusal code, or the name), chooses what the test acquirer answers. Each name
 * carries Adyen's refusal reason and its numeric `refusalReasonCode`; the raw acquirer
 * reason (`additionalData.refusalReasonRaw`) is the name itself.
 */
export type TestResultCode = 'Authorised' | 'Refused' | 'Error' | 'Received' | 'Cancelled';

export interface TestOutcome {
  name: string;
  resultCode: TestResultCode;
  /** Absent for results that are not refusals. */
  refusalReasonCode?: string;
  refusalReason?: string;
}

const refused = (name: string, code: string, reason: string): TestOutcome => ({
  name,
  resultCode: 'Refused',
  refusalReasonCode: code,
  refusalReason: reason,
});

const OUTCOMES: readonly TestOutcome[] = [
  { name: 'APPROVED', resultCode: 'Authorised' },
  refused('DECLINED', '2', 'Refused'),
  refused('REFERRAL', '3', 'Referral'),
  { name: 'ERROR', resultCode: 'Error', refusalReasonCode: '4', refusalReason: 'Acquirer Error' },
  refused('BLOCK_CARD', '5', 'Blocked Card'),
  refused('CARD_EXPIRED', '6', 'Expired Card'),
  refused('INVALID_AMOUNT', '7', 'Invalid Amount'),
  refused('INVALID_CARD_NUMBER', '8', 'Invalid Card Number'),
  refused('ISSUER_UNAVAILABLE', '9', 'Issuer Unavailable'),
  refused('NOT_SUPPORTED', '10', 'Not supported'),
  refused('NOT_3D_AUTHENTICATED', '11', '3D Not Authenticated'),
  refused('NOT_ENOUGH_BALANCE', '12', 'Not enough balance'),
  { name: 'PENDING', resultCode: 'Received' },
  refused('ACQUIRER_FRAUD', '14', 'Acquirer Fraud'),
  { name: 'CANCELLED', resultCode: 'Cancelled', refusalReasonCode: '15', refusalReason: 'Cancelled' },
  refused('FRAUD', '20', 'FRAUD'),
  refused('FRAUD_CANCELLED', '22', 'FRAUD-CANCELLED'),
  refused('CVC_DECLINED', '24', 'CVC Declined'),
];

const BY_NAME = new Map(OUTCOMES.map((outcome) => [outcome.name, outcome]));
const BY_CODE = new Map(
  OUTCOMES.filter((outcome) => outcome.refusalReasonCode).map((outcome) => [outcome.refusalReasonCode, outcome]),
);

export const APPROVED: TestOutcome = { name: 'APPROVED', resultCode: 'Authorised' };

/** Every outcome the sandbox can produce, for tests and the pay page. */
export function testOutcomes(): readonly TestOutcome[] {
  return OUTCOMES;
}

/** A holder name selects its outcome; any other name is approved, as at Adyen. */
export function outcomeForHolderName(holderName: string | undefined): TestOutcome {
  return BY_NAME.get((holderName ?? '').trim().toUpperCase()) ?? APPROVED;
}

/** `RequestedTestAcquirerResponseCode`: a refusal code ("12") or a name; undefined when unknown. */
export function outcomeForRequestedCode(requested: string | undefined): TestOutcome | undefined {
  if (!requested) return undefined;
  const key = requested.trim().toUpperCase();
  return BY_CODE.get(key) ?? BY_NAME.get(key);
}
