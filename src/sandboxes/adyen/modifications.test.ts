import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WIRE } from '../../adapters/adyen/sdk.js';
import type { NotificationItem } from './notifications.js';
import { ADYEN_DEMO_CARDS, ADYEN_DEMO_SHOPPERS } from './seed.js';
import { failureOf, openTestBed, storedCardPayment, type SandboxTestBed } from './testing/test-bed.js';

let bed: SandboxTestBed;
let delayed: SandboxTestBed;
beforeAll(async () => {
  [bed, delayed] = await Promise.all([openTestBed(), openTestBed({ captureDelayed: true })]);
});
afterAll(async () => {
  await Promise.all([bed?.close(), delayed?.close()]);
});

async function authorised(on: SandboxTestBed, value: number): Promise<string> {
  const response = await on.checkout.payments.payments(
    storedCardPayment(on.sandbox, ADYEN_DEMO_SHOPPERS.jordan, ADYEN_DEMO_CARDS.jordanVisa, value),
  );
  on.sandbox.notifications.collect();
  return response.pspReference ?? '';
}

function lastNotification(on: SandboxTestBed): NotificationItem | undefined {
  return on.sandbox.notifications.pending().at(-1);
}

const usd = (value: number) => ({ currency: 'USD', value });

describe('refunds', () => {
  it('answer 201 received; the outcome comes as a REFUND notification', async () => {
    const psp = await authorised(bed, 3000);
    const refund = await bed.checkout.modifications.refundCapturedPayment(psp, {
      merchantAccount: bed.sandbox.merchantAccount, amount: usd(1000), reference: 'refund-1', merchantRefundReason: WIRE.refundReasons.CustomerRequest,
    });
    expect(refund).toMatchObject({ status: 'received', paymentPspReference: psp, amount: usd(1000), reference: 'refund-1' });
    expect(lastNotification(bed)).toMatchObject({
      eventCode: 'REFUND', success: 'true', pspReference: refund.pspReference, originalReference: psp, merchantReference: 'refund-1', amount: usd(1000),
    });
  });

  it('a refund beyond what is left is received, then fails by notification', async () => {
    const psp = await authorised(bed, 2000);
    const merchantAccount = bed.sandbox.merchantAccount;
    await bed.checkout.modifications.refundCapturedPayment(psp, { merchantAccount, amount: usd(2000) });
    const over = await bed.checkout.modifications.refundCapturedPayment(psp, { merchantAccount, amount: usd(1) });
    expect(over.status).toBe('received');
    expect(lastNotification(bed)).toMatchObject({ eventCode: 'REFUND', success: 'false', reason: 'Insufficient balance on payment' });
    expect(bed.sandbox.state.payments.get(psp)?.refundedValue).toBe(2000);
  });

  it('a refund the scheme rejects later sends REFUND_FAILED and gives the amount back', async () => {
    const psp = await authorised(bed, 2000);
    const refund = await bed.checkout.modifications.refundCapturedPayment(psp, { merchantAccount: bed.sandbox.merchantAccount, amount: usd(700) });
    bed.sandbox.failRefund(refund.pspReference);
    expect(lastNotification(bed)).toMatchObject({ eventCode: 'REFUND_FAILED', success: 'true', pspReference: refund.pspReference, originalReference: psp });
    expect(bed.sandbox.state.payments.get(psp)?.refundedValue).toBe(0);
  });

  it('an unknown payment is refused at once (167)', async () => {
    const failure = await failureOf(
      bed.checkout.modifications.refundCapturedPayment('ZZZZZZZZZZZZZZZZ', { merchantAccount: bed.sandbox.merchantAccount, amount: usd(1) }),
    );
    expect(failure).toMatchObject({ statusCode: 422, errorCode: '167' });
  });
});

describe('cancels and reversals', () => {
  it('a captured payment cannot be cancelled: received, then CANCELLATION success false', async () => {
    const psp = await authorised(bed, 1000);
    const cancel = await bed.checkout.modifications.cancelAuthorisedPaymentByPspReference(psp, { merchantAccount: bed.sandbox.merchantAccount });
    expect(cancel).toMatchObject({ status: 'received', paymentPspReference: psp });
    expect(lastNotification(bed)).toMatchObject({ eventCode: 'CANCELLATION', success: 'false' });
  });

  it('with delayed capture, an authorisation is cancelled until it is captured', async () => {
    const merchantAccount = delayed.sandbox.merchantAccount;
    const first = await authorised(delayed, 1000);
    await delayed.checkout.modifications.cancelAuthorisedPaymentByPspReference(first, { merchantAccount });
    expect(lastNotification(delayed)).toMatchObject({ eventCode: 'CANCELLATION', success: 'true', originalReference: first });
    const second = await authorised(delayed, 1000);
    delayed.sandbox.capturePayment(second);
    expect(lastNotification(delayed)).toMatchObject({ eventCode: 'CAPTURE', success: 'true', originalReference: second });
    await delayed.checkout.modifications.cancelAuthorisedPaymentByPspReference(second, { merchantAccount });
    expect(lastNotification(delayed)).toMatchObject({ eventCode: 'CANCELLATION', success: 'false' });
  });

  it('a reversal refunds a captured payment and cancels an uncaptured one (CANCEL_OR_REFUND)', async () => {
    await bed.checkout.modifications.refundOrCancelPayment(await authorised(bed, 800), { merchantAccount: bed.sandbox.merchantAccount });
    expect(lastNotification(bed)).toMatchObject({ eventCode: 'CANCEL_OR_REFUND', success: 'true', additionalData: { 'modification.action': 'refund' } });
    await delayed.checkout.modifications.refundOrCancelPayment(await authorised(delayed, 800), { merchantAccount: delayed.sandbox.merchantAccount });
    expect(lastNotification(delayed)).toMatchObject({ eventCode: 'CANCEL_OR_REFUND', success: 'true', additionalData: { 'modification.action': 'cancel' } });
  });
});
