import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WIRE } from '../../adapters/adyen/sdk.js';
import { ADYEN_DEMO_CARDS, ADYEN_DEMO_SHOPPERS } from './seed.js';
import { testOutcomes } from './test-outcomes.js';
import { failureOf, openTestBed, storedCardPayment, type SandboxTestBed } from './testing/test-bed.js';

let bed: SandboxTestBed;
beforeAll(async () => {
  bed = await openTestBed();
});
afterAll(async () => {
  await bed?.close();
});

const SHOPPER = 'payments-shopper';

function cardFor(holderName: string, requiresAuthentication = false): string {
  return bed.sandbox.addStoredPaymentMethod({ shopperReference: SHOPPER, holderName, requiresAuthentication }).id;
}

/** Adyen's documented test results (processor-wire.md): holder name -> result, reason, code. */
const DOCUMENTED: Array<[holderName: string, resultCode: string, refusalReason?: string, refusalReasonCode?: string]> = [
  ['APPROVED', 'Authorised'],
  ['DECLINED', 'Refused', 'Refused', '2'],
  ['REFERRAL', 'Refused', 'Referral', '3'],
  ['ERROR', 'Error', 'Acquirer Error', '4'],
  ['BLOCK_CARD', 'Refused', 'Blocked Card', '5'],
  ['CARD_EXPIRED', 'Refused', 'Expired Card', '6'],
  ['INVALID_AMOUNT', 'Refused', 'Invalid Amount', '7'],
  ['INVALID_CARD_NUMBER', 'Refused', 'Invalid Card Number', '8'],
  ['ISSUER_UNAVAILABLE', 'Refused', 'Issuer Unavailable', '9'],
  ['NOT_SUPPORTED', 'Refused', 'Not supported', '10'],
  ['NOT_3D_AUTHENTICATED', 'Refused', '3D Not Authenticated', '11'],
  ['NOT_ENOUGH_BALANCE', 'Refused', 'Not enough balance', '12'],
  ['PENDING', 'Received'],
  ['ACQUIRER_FRAUD', 'Refused', 'Acquirer Fraud', '14'],
  ['CANCELLED', 'Cancelled', 'Cancelled', '15'],
  ['FRAUD', 'Refused', 'FRAUD', '20'],
  ['CVC_DECLINED', 'Refused', 'CVC Declined', '24'],
];

describe('documented test results', () => {
  it.each(DOCUMENTED)('holder name %s answers %s', async (holderName, resultCode, refusalReason, refusalReasonCode) => {
    const before = bed.sandbox.state.payments.size;
    const response = await bed.checkout.payments.payments(storedCardPayment(bed.sandbox, SHOPPER, cardFor(holderName)));
    expect(response.resultCode).toBe(resultCode);
    expect(response.pspReference).toMatch(/^[A-Z0-9]{16}$/);
    expect(response.refusalReason).toBe(refusalReason);
    expect(response.refusalReasonCode).toBe(refusalReasonCode);
    expect(response.additionalData?.refusalReasonRaw).toBe(refusalReasonCode ? holderName : undefined);
    expect(bed.sandbox.state.payments.size).toBe(before + 1);
  });

  it('every outcome the sandbox knows is documented above', () => {
    const documented = new Set(DOCUMENTED.map(([name]) => name));
    expect(testOutcomes().filter((outcome) => !documented.has(outcome.name)).map((o) => o.name)).toEqual(['FRAUD_CANCELLED']);
  });

  it.each([['12', 'Not enough balance'], ['20', 'FRAUD'], ['24', 'CVC Declined'], ['CARD_EXPIRED', 'Expired Card']])(
    'RequestedTestAcquirerResponseCode %s overrides an approving card', async (requested, refusalReason) => {
      const payment = { ...storedCardPayment(bed.sandbox, SHOPPER, cardFor('APPROVED')), additionalData: { RequestedTestAcquirerResponseCode: requested } };
      const response = await bed.checkout.payments.payments(payment);
      expect(response).toMatchObject({ resultCode: 'Refused', refusalReason });
    },
  );

  it('a card flagged for 3-D Secure answers RedirectShopper with a redirect action', async () => {
    const response = await bed.checkout.payments.payments(storedCardPayment(bed.sandbox, SHOPPER, cardFor('APPROVED', true)));
    expect(response.resultCode).toBe('RedirectShopper');
    expect(response.action).toMatchObject({ type: 'redirect', method: 'GET', url: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+\/_sandbox\/3ds\//) });
  });

  it('the seeded demo cards behave as their people need', async () => {
    const jordan = await bed.checkout.payments.payments(storedCardPayment(bed.sandbox, ADYEN_DEMO_SHOPPERS.jordan, ADYEN_DEMO_CARDS.jordanVisa));
    const sam = await bed.checkout.payments.payments(storedCardPayment(bed.sandbox, ADYEN_DEMO_SHOPPERS.sam, ADYEN_DEMO_CARDS.samDeclines));
    const casey = await bed.checkout.payments.payments(storedCardPayment(bed.sandbox, ADYEN_DEMO_SHOPPERS.casey, ADYEN_DEMO_CARDS.caseyNeeds3ds));
    expect([jordan.resultCode, sam.refusalReasonCode, casey.resultCode]).toEqual(['Authorised', '12', 'RedirectShopper']);
    expect(jordan.additionalData?.authCode).toMatch(/^\d{6}$/);
  });
});

describe('validation errors the SDK raises as HttpClientException', () => {
  const base = () => storedCardPayment(bed.sandbox, ADYEN_DEMO_SHOPPERS.jordan, ADYEN_DEMO_CARDS.jordanVisa);

  it.each([
    ['an unknown stored method', () => ({ ...base(), paymentMethod: { type: WIRE.scheme, storedPaymentMethodId: 'nope' } }), 422, '803'],
    ["another shopper's stored method", () => ({ ...base(), shopperReference: ADYEN_DEMO_SHOPPERS.sam }), 422, '803'],
    ['a zero amount', () => ({ ...base(), amount: { currency: 'USD', value: 0 } }), 422, '137'],
    ['no return URL', () => ({ ...base(), returnUrl: '' }), 422, '14_030'],
    ['another merchant account', () => ({ ...base(), merchantAccount: 'SomeoneElse' }), 403, '901'],
  ])('refuses %s', async (_name, request, statusCode, errorCode) => {
    const before = bed.sandbox.state.payments.size;
    const failure = await failureOf(bed.checkout.payments.payments(request()));
    expect(failure).toMatchObject({ name: 'HttpClientException', statusCode, errorCode });
    expect(failure.apiError).toMatchObject({ status: statusCode, errorCode, errorType: expect.any(String), message: expect.any(String) });
    expect(bed.sandbox.state.payments.size).toBe(before);
  });

  it('refuses a wrong API key with 401 and never echoes it', async () => {
    const failure = await failureOf(bed.client({ apiKey: 'AQE_wrong_key_123' }).payments.payments(base()));
    expect(failure).toMatchObject({ statusCode: 401, errorCode: '000' });
    expect(JSON.stringify(failure.apiError)).not.toContain('AQE_wrong');
  });

  it('takes no raw card data: card fields are refused before anything is stored', async () => {
    const response = await bed.raw('POST', '/v72/payments', JSON.stringify({ ...base(), paymentMethod: { type: 'scheme', number: '4111111111111111' } }));
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body)).toMatchObject({ errorCode: '010' });
    expect(response.body).not.toContain('4111');
  });

  it('answers 400 to a body that is not JSON', async () => {
    const response = await bed.raw('POST', '/v72/payments', 'amount=1');
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ status: 400, errorCode: '702' });
  });
});
