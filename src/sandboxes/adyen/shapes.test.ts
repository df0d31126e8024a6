import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADYEN_DEMO_CARDS, ADYEN_DEMO_SHOPPERS } from './seed.js';
import { checkoutViolations, requestSchema, responseSchema, webhookViolations } from './testing/specs.js';
import { failureOf, openTestBed, storedCardPayment, type SandboxTestBed } from './testing/test-bed.js';

/**
 * Every answer the sandbox gives is valid against Adyen's published Checkout v72 schema
 * for that operation and status, strictly: no field the schema does not declare. Raw
 * bodies are checked, as received by the real SDK over TLS. Notifications are checked
 * against the Webhooks v1 schema of their event code.
 */
let bed: SandboxTestBed;
beforeAll(async () => {
  bed = await openTestBed({ captureDelayed: false });
});
afterAll(async () => {
  await bed?.close();
});

const lastResponse = () => bed.responses[bed.responses.length - 1];

async function payWith(holderName: string, requiresAuthentication = false): Promise<unknown> {
  const card = bed.sandbox.addStoredPaymentMethod({ shopperReference: 'shape-shopper', holderName, requiresAuthentication });
  await bed.checkout.payments.payments(storedCardPayment(bed.sandbox, 'shape-shopper', card.id));
  return lastResponse();
}

describe('Checkout v72 response schemas', () => {
  it.each(['APPROVED', 'NOT_ENOUGH_BALANCE', 'ERROR', 'PENDING', 'CANCELLED'])('POST /payments (%s) is a PaymentResponse', async (holderName) => {
    expect(checkoutViolations(responseSchema('/payments', 'post', 200), await payWith(holderName))).toEqual([]);
  });

  it('POST /payments with a 3-D Secure challenge carries a redirect action of the spec', async () => {
    const body = await payWith('APPROVED', true);
    expect(body).toMatchObject({ resultCode: 'RedirectShopper', action: { type: 'redirect' } });
    expect(checkoutViolations(responseSchema('/payments', 'post', 200), body)).toEqual([]);
  });

  it('refunds, cancels and reversals are 201 responses of their schemas', async () => {
    const payment = await bed.checkout.payments.payments(
      storedCardPayment(bed.sandbox, ADYEN_DEMO_SHOPPERS.jordan, ADYEN_DEMO_CARDS.jordanVisa),
    );
    const psp = payment.pspReference ?? '';
    const request = { merchantAccount: bed.sandbox.merchantAccount, reference: 'shape-refund' };
    await bed.checkout.modifications.refundCapturedPayment(psp, { ...request, amount: { currency: 'USD', value: 100 } });
    expect(checkoutViolations(responseSchema('/payments/{paymentPspReference}/refunds', 'post', 201), lastResponse())).toEqual([]);
    await bed.checkout.modifications.cancelAuthorisedPaymentByPspReference(psp, request);
    expect(checkoutViolations(responseSchema('/payments/{paymentPspReference}/cancels', 'post', 201), lastResponse())).toEqual([]);
    await bed.checkout.modifications.refundOrCancelPayment(psp, request);
    expect(checkoutViolations(responseSchema('/payments/{paymentPspReference}/reversals', 'post', 201), lastResponse())).toEqual([]);
  });

  it('payment links, created and read back, are PaymentLinkResponses', async () => {
    const link = await bed.checkout.paymentLinks.paymentLinks({
      amount: { currency: 'USD', value: 24700 },
      merchantAccount: bed.sandbox.merchantAccount,
      reference: 'shape-link',
      description: 'Plumbing repair',
      shopperReference: ADYEN_DEMO_SHOPPERS.jordan,
      expiresAt: new Date(Date.now() + 3_600_000),
      metadata: { invoice: 'in_1' },
    });
    expect(checkoutViolations(responseSchema('/paymentLinks', 'post', 201), lastResponse())).toEqual([]);
    await bed.checkout.paymentLinks.getPaymentLink(link.id);
    expect(checkoutViolations(responseSchema('/paymentLinks/{linkId}', 'get', 200), lastResponse())).toEqual([]);
  });

  it('stored payment methods are a ListStoredPaymentMethodsResponse', async () => {
    await bed.checkout.recurring.getTokensForStoredPaymentDetails(ADYEN_DEMO_SHOPPERS.jordan, bed.sandbox.merchantAccount);
    expect(checkoutViolations(responseSchema('/storedPaymentMethods', 'get', 200), lastResponse())).toEqual([]);
  });

  it('errors are ServiceErrors with the status the SDK reads', async () => {
    const failure = await failureOf(
      bed.checkout.payments.payments(storedCardPayment(bed.sandbox, ADYEN_DEMO_SHOPPERS.jordan, 'no_such_method')),
    );
    expect(failure).toMatchObject({ name: 'HttpClientException', statusCode: 422, errorCode: '803' });
    expect(checkoutViolations(responseSchema('/payments', 'post', 422), failure.apiError)).toEqual([]);
  });
});

describe('Webhooks v1 notification schemas', () => {
  it('every notification the flows above queued is valid for its event code', async () => {
    const payment = await bed.checkout.payments.payments(
      storedCardPayment(bed.sandbox, ADYEN_DEMO_SHOPPERS.jordan, ADYEN_DEMO_CARDS.jordanVisa),
    );
    bed.sandbox.failRefund(
      (await bed.checkout.modifications.refundCapturedPayment(payment.pspReference ?? '', {
        merchantAccount: bed.sandbox.merchantAccount, amount: { currency: 'USD', value: 500 },
      })).pspReference,
    );
    const link = await bed.checkout.paymentLinks.paymentLinks({
      amount: { currency: 'USD', value: 900 }, merchantAccount: bed.sandbox.merchantAccount, reference: 'shape-paid-link',
    });
    bed.sandbox.payPaymentLink(link.id);
    const bodies = bed.sandbox.notifications.collect().map((raw) => JSON.parse(raw) as { notificationItems: Array<{ NotificationRequestItem: { eventCode: string } }> });
    const codes = new Set(bodies.map((body) => body.notificationItems[0]?.NotificationRequestItem.eventCode ?? ''));
    expect([...codes].sort()).toEqual(['AUTHORISATION', 'CANCELLATION', 'CANCEL_OR_REFUND', 'REFUND', 'REFUND_FAILED']);
    for (const body of bodies) {
      const code = body.notificationItems[0]?.NotificationRequestItem.eventCode ?? '';
      expect({ code, violations: webhookViolations(code, body) }).toEqual({ code, violations: [] });
    }
  });
});

describe('requests the real SDK sends', () => {
  it('are what the sandbox is written against: the spec request schemas accept the adapter-shaped bodies', () => {
    const payment = storedCardPayment(bed.sandbox, ADYEN_DEMO_SHOPPERS.jordan, ADYEN_DEMO_CARDS.jordanVisa);
    expect(checkoutViolations(requestSchema('/payments', 'post'), payment)).toEqual([]);
  });
});
