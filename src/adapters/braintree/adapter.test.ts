import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MutationContext } from '../../core/processor-port.js';
import type { Money } from '../../core/types.js';
import { ApiRequestKeys } from '../../sandboxes/braintree/api-request-keys.js';
import { createCustomerRecord } from '../../sandboxes/braintree/resources/customers.js';
import { BRAINTREE_CAPABILITIES, createBraintreeAdapter } from './adapter.js';
import { customerIdFor } from './customers.js';
import { countSales, startBraintreeTestBed, type BraintreeTestBed } from './testing/test-bed.js';

let bed: BraintreeTestBed;
beforeAll(async () => {
  bed = await startBraintreeTestBed();
});
afterEach(() => bed.sandbox.faults.clear());
afterAll(() => bed.close());

const ctx = (key = `test-${randomUUID()}`): MutationContext => ({ processorIdempotencyKey: key });
const usd = (amount: number): Money => ({ amount, currency: 'USD' });
const chargeJordan = (amount: number, context = ctx()) =>
  bed.adapter.charge({ customerId: 'demo_jordan', paymentMethodId: 'demo_jordan_visa', amount: usd(amount), description: '', metadata: {} }, context);

describe('capabilities', () => {
  it('declares what Braintree serves, and refuses the rest naming the capability', async () => {
    expect([...BRAINTREE_CAPABILITIES].sort()).toEqual([
      'customer_create', 'customer_search_email', 'customer_search_phone', 'off_session_charge', 'partial_refund',
      'past_due_balance', 'refund', 'saved_payment_methods', 'subscription_cancel_at_period_end',
      'subscription_payment_method_change', 'subscription_proration', 'subscriptions', 'tender_hosted_payment_page',
    ]);
    await expect(bed.adapter.listOpenInvoices('demo_jordan')).rejects.toMatchObject({ code: 'unimplemented', message: expect.stringContaining('invoices') });
    await expect(bed.adapter.payInvoice({ invoiceId: 'x', paymentMethodId: '' }, ctx())).rejects.toMatchObject({ code: 'unimplemented', message: expect.stringContaining('pay_invoice') });
    const link = { amount: usd(100), customerId: '', invoiceId: '', description: '', expiresAt: new Date() };
    await expect(bed.adapter.createPaymentLink(link, ctx())).rejects.toMatchObject({ code: 'unimplemented', message: expect.stringContaining('payment_link') });
    expect(bed.adapter.paymentLinkExpiryBounds).toBeUndefined();
  });
});

describe('customers', () => {
  it('finds a phone stored in another format, by its last digits then E.164', async () => {
    createCustomerRecord(bed.sandbox.state, { id: 'formatted_phone', firstName: 'Pat', phone: '(415) 555-0199' });
    expect((await bed.adapter.findCustomers({ phone: '+14155550199' })).map((c) => [c.id, c.phone])).toEqual([['formatted_phone', '+14155550199']]);
  });

  it('creates with a deterministic id, keeps metadata as JSON in the custom field, refuses what does not fit', async () => {
    const context = ctx();
    const created = await bed.adapter.createCustomer({ name: 'Lee Ann Park', email: 'lee@example.com', phone: '', metadata: { crm: '7' } }, context);
    expect(created).toMatchObject({ id: customerIdFor(context.processorIdempotencyKey), name: 'Lee Ann Park', metadata: { crm: '7' } });
    expect(bed.sandbox.state.customers.get(created.id)).toMatchObject({ firstName: 'Lee', lastName: 'Ann Park', customFields: { tender_metadata: '{"crm":"7"}' } });
    const long = { name: 'X', email: '', phone: '+14155550100', metadata: { notes: 'n'.repeat(300) } };
    await expect(bed.adapter.createCustomer(long, ctx())).rejects.toMatchObject({ code: 'invalid_argument', field: 'metadata' });
    const noField = createBraintreeAdapter({ ...bed.settings, metadataCustomField: '' });
    await expect(noField.createCustomer({ ...long, metadata: { a: 'b' } }, ctx())).rejects.toMatchObject({ code: 'invalid_argument', field: 'metadata' });
    await noField.close?.();
  });

  it('reports an unknown customer as not_found on its field', async () => {
    await expect(bed.adapter.listPaymentMethods('nobody')).rejects.toMatchObject({ code: 'not_found', field: 'customer_id' });
  });
});

describe('charges', () => {
  it.each([
    [200_100, 'insufficient_funds', '2001', true],
    [200_400, 'expired_card', '2004', false],
    [201_400, 'suspected_fraud', '2014', false],
    [204_600, 'generic', '2046', true],
    [300_000, 'try_again_later', '3000', true],
    [500_100, 'processing_error', 'gateway_rejected:application_incomplete', false],
  ])('the documented test amount %i declines as %s (%s)', async (amount, reason, processorCode, retryMaySucceed) => {
    const payment = await chargeJordan(amount);
    expect(payment).toMatchObject({ status: 'declined', decline: { reason, processorCode, retryMaySucceed } });
    expect(payment.id).not.toBe('');
  });

  it("declines Sam's saved card with 2001 Insufficient Funds", async () => {
    const payment = await bed.adapter.charge({ customerId: 'demo_sam', paymentMethodId: '', amount: usd(4_500), description: '', metadata: {} }, ctx());
    expect(payment).toMatchObject({ status: 'declined', paymentMethodId: 'demo_sam_visa_declines', decline: { reason: 'insufficient_funds', processorMessage: 'Insufficient Funds' } });
  });

  it('sends the key as api_request_key and order_id; a retry finds the sale by order id even when the key is forgotten', async () => {
    const context = ctx();
    const first = await chargeJordan(1_700, context);
    const sale = bed.sandbox.state.transactions.get(first.id);
    expect(sale?.orderId).toBe(context.processorIdempotencyKey);
    const before = countSales(bed.sandbox);
    bed.sandbox.state.apiRequestKeys = new ApiRequestKeys();
    expect((await chargeJordan(1_700, context)).id).toBe(first.id);
    expect(countSales(bed.sandbox)).toBe(before);
    await expect(chargeJordan(1_800, context)).rejects.toMatchObject({ code: 'failed_precondition' });
  });

  it('reads a 5xx as outcome_unknown with nothing charged, then the same key charges once', async () => {
    const before = countSales(bed.sandbox);
    const context = ctx();
    bed.sandbox.faults.add({ path: `/merchants/${bed.sandbox.merchantId}/transactions`, method: 'POST', mode: 'error503' });
    expect(await chargeJordan(2_300, context)).toEqual({
      id: '', customerId: 'demo_jordan', paymentMethodId: 'demo_jordan_visa', invoiceId: '', amount: usd(2_300),
      status: 'outcome_unknown', amountRefunded: usd(0), description: '',
    });
    expect(countSales(bed.sandbox)).toBe(before);
    expect((await chargeJordan(2_300, context)).status).toBe('succeeded');
    expect(countSales(bed.sandbox)).toBe(before + 1);
  });

  it('refuses another currency than the merchant account charges in', async () => {
    const euros = bed.adapter.charge({ customerId: 'demo_jordan', paymentMethodId: 'demo_jordan_visa', amount: { amount: 100, currency: 'EUR' }, description: '', metadata: {} }, ctx());
    await expect(euros).rejects.toMatchObject({ code: 'invalid_argument', field: 'amount.currency' });
  });

  it('reads a refund id as no payment', async () => {
    const paid = await chargeJordan(900);
    const refund = await bed.adapter.refund({ paymentId: paid.id, reason: 'other', note: '' }, ctx());
    expect(await bed.adapter.getPayment(refund.id)).toBeUndefined();
  });
});

describe('credentials', () => {
  it('reports refused keys as unavailable without echoing them', async () => {
    const wrong = createBraintreeAdapter({ ...bed.settings, privateKey: 'private_wrong_value' });
    const failure = await wrong.getCustomer('demo_jordan').catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'unavailable', processorReached: false });
    expect(String((failure as Error).message)).not.toContain('private_wrong_value');
    await wrong.close?.();
  });
});
