import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADYEN_DEMO_CARDS, ADYEN_DEMO_SHOPPERS } from './seed.js';
import { failureOf, openTestBed, storedCardPayment, type SandboxTestBed } from './testing/test-bed.js';

let bed: SandboxTestBed;
beforeAll(async () => {
  bed = await openTestBed();
});
afterAll(async () => {
  await bed?.close();
});

let counter = 0;
const newKey = () => `idem-${process.pid}-${(counter += 1)}`;
const jordanPayment = (value = 1500) =>
  ({ ...storedCardPayment(bed.sandbox, ADYEN_DEMO_SHOPPERS.jordan, ADYEN_DEMO_CARDS.jordanVisa, value), reference: 'idem-ref' });

describe('Idempotency-Key', () => {
  it('the same key and body get the first response again, and one payment', async () => {
    const idempotencyKey = newKey();
    const before = bed.sandbox.state.payments.size;
    const first = await bed.checkout.payments.payments(jordanPayment(), { idempotencyKey });
    const second = await bed.checkout.payments.payments(jordanPayment(), { idempotencyKey });
    expect(second).toEqual(first);
    expect(bed.sandbox.state.payments.size).toBe(before + 1);
  });

  it('a refusal is a processed result: replayed too, never re-run', async () => {
    const idempotencyKey = newKey();
    const request = storedCardPayment(bed.sandbox, ADYEN_DEMO_SHOPPERS.sam, ADYEN_DEMO_CARDS.samDeclines);
    const first = await bed.checkout.payments.payments(request, { idempotencyKey });
    const again = await bed.checkout.payments.payments(request, { idempotencyKey });
    expect(again.pspReference).toBe(first.pspReference);
    expect(again.resultCode).toBe('Refused');
  });

  it('the same key with a different body is 422 with error code 704, not transient', async () => {
    const idempotencyKey = newKey();
    await bed.checkout.payments.payments(jordanPayment(1500), { idempotencyKey });
    const failure = await failureOf(bed.checkout.payments.payments(jordanPayment(2500), { idempotencyKey }));
    expect(failure).toMatchObject({ statusCode: 422, errorCode: '704' });
    expect(failure.responseHeaders?.['transient-error']).toBeUndefined();
  });

  it('a key whose request is still running is a transient 422 704; the retry later gets the result', async () => {
    const idempotencyKey = newKey();
    bed.sandbox.faults.add({ path: '/v72/payments', method: 'POST', mode: 'delay', ms: 400 });
    const slow = bed.checkout.payments.payments(jordanPayment(), { idempotencyKey });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const busy = await failureOf(bed.checkout.payments.payments(jordanPayment(), { idempotencyKey }));
    expect(busy).toMatchObject({ statusCode: 422, errorCode: '704' });
    expect(busy.responseHeaders?.['transient-error']).toBe('true');
    const first = await slow;
    expect((await bed.checkout.payments.payments(jordanPayment(), { idempotencyKey })).pspReference).toBe(first.pspReference);
  });

  it('keys are scoped per endpoint: one used for a payment cannot create a payment link', async () => {
    const idempotencyKey = newKey();
    await bed.checkout.payments.payments(jordanPayment(), { idempotencyKey });
    const link = { amount: { currency: 'USD', value: 100 }, merchantAccount: bed.sandbox.merchantAccount, reference: 'r' };
    expect(await failureOf(bed.checkout.paymentLinks.paymentLinks(link, { idempotencyKey }))).toMatchObject({ statusCode: 422, errorCode: '704' });
  });

  it('a validation error is not saved: the same key may be retried once the request is fixed', async () => {
    const idempotencyKey = newKey();
    await failureOf(bed.checkout.payments.payments({ ...jordanPayment(), returnUrl: '' }, { idempotencyKey }));
    expect((await bed.checkout.payments.payments(jordanPayment(), { idempotencyKey })).resultCode).toBe('Authorised');
  });

  it('refunds honour the key too', async () => {
    const payment = await bed.checkout.payments.payments(jordanPayment(3000), { idempotencyKey: newKey() });
    const idempotencyKey = newKey();
    const refund = { merchantAccount: bed.sandbox.merchantAccount, amount: { currency: 'USD', value: 1000 } };
    const first = await bed.checkout.modifications.refundCapturedPayment(payment.pspReference ?? '', refund, { idempotencyKey });
    const second = await bed.checkout.modifications.refundCapturedPayment(payment.pspReference ?? '', refund, { idempotencyKey });
    expect(second.pspReference).toBe(first.pspReference);
    expect(bed.sandbox.state.payments.get(payment.pspReference ?? '')?.refundedValue).toBe(1000);
  });

  it('refuses keys longer than Adyen keeps (64 characters)', async () => {
    const failure = await failureOf(bed.checkout.payments.payments(jordanPayment(), { idempotencyKey: 'k'.repeat(65) }));
    expect(failure).toMatchObject({ statusCode: 422 });
  });
});
