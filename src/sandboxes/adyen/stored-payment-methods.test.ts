import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADYEN_DEMO_CARDS, ADYEN_DEMO_CUSTOMERS, ADYEN_DEMO_SHOPPERS } from './seed.js';
import { failureOf, openTestBed, type SandboxTestBed } from './testing/test-bed.js';

let bed: SandboxTestBed;
beforeAll(async () => {
  bed = await openTestBed();
});
afterAll(async () => {
  await bed?.close();
});

const list = (shopperReference: string) =>
  bed.checkout.recurring.getTokensForStoredPaymentDetails(shopperReference, bed.sandbox.merchantAccount);

describe('stored payment methods', () => {
  it("lists a shopper's cards with brand, last four and expiry", async () => {
    const response = await list(ADYEN_DEMO_SHOPPERS.jordan);
    expect(response).toMatchObject({ merchantAccount: bed.sandbox.merchantAccount, shopperReference: ADYEN_DEMO_SHOPPERS.jordan });
    expect(response.storedPaymentMethods).toEqual([
      expect.objectContaining({
        id: ADYEN_DEMO_CARDS.jordanVisa, brand: 'visa', lastFour: '4242', expiryMonth: '12', expiryYear: '2030', type: 'scheme',
        supportedRecurringProcessingModels: expect.arrayContaining(['UnscheduledCardOnFile']),
      }),
    ]);
  });

  it('lists nothing for a shopper without cards, and refuses another merchant account', async () => {
    expect((await list(ADYEN_DEMO_SHOPPERS.alexHome)).storedPaymentMethods).toEqual([]);
    const failure = await failureOf(bed.checkout.recurring.getTokensForStoredPaymentDetails(ADYEN_DEMO_SHOPPERS.jordan, 'Other'));
    expect(failure).toMatchObject({ statusCode: 403, errorCode: '901' });
  });

  it('adds cards through the sandbox control, in storing order', async () => {
    const added = await bed.raw('POST', '/_sandbox/storedPaymentMethods', JSON.stringify({
      shopperReference: 'spm-shopper', brand: 'mc', lastFour: '4444', expiryMonth: 7, expiryYear: 2031, holderName: 'DECLINED',
    }));
    expect(added.status).toBe(200);
    bed.sandbox.addStoredPaymentMethod({ shopperReference: 'spm-shopper', lastFour: '1111' });
    const methods = (await list('spm-shopper')).storedPaymentMethods ?? [];
    expect(methods.map((method) => [method.brand, method.lastFour, method.expiryMonth, method.expiryYear])).toEqual([
      ['mc', '4444', '07', '2031'],
      ['visa', '1111', '03', '2030'],
    ]);
  });

  it("seeds the demo people of Tender's directory with the Stripe sandbox's names and numbers", () => {
    expect(ADYEN_DEMO_CUSTOMERS.map((customer) => [customer.id, customer.name, customer.phone])).toEqual([
      ['shopper_demo_jordan', 'Jordan Rivera', '+14155550123'],
      ['shopper_demo_sam', 'Sam Lee', '+14155550188'],
      ['shopper_demo_alex_home', 'Alex Kim', '+14155550142'],
      ['shopper_demo_alex_work', 'Alex Kim', '+14155550142'],
      ['shopper_demo_casey', 'Casey Morgan', '+14155550166'],
    ]);
  });
});
