import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeclineReason, PaymentStatus } from '../../src/gen/tender/v1/common_pb.js';
import { sampleCall } from '../../src/demo/sample-call.js';
import { KEYS, startTenderUnderTest, type TenderUnderTest } from './harness.js';

let t: TenderUnderTest;
beforeAll(async () => {
  t = await startTenderUnderTest();
});
afterAll(() => t.close());

describe("the brief's sample call", () => {
  it('finds the caller by phone, reads the $247.00 invoice, charges the Visa ending in 4242 once', async () => {
    const lines: string[] = [];
    const result = await sampleCall('(415) 555-0123', { address: t.address, apiKey: KEYS.acme, say: (line) => lines.push(line) });
    const transcript = lines.join('\n');
    expect(transcript).toContain('Hi Jordan');
    expect(transcript).toContain('$247.00');
    expect(transcript).toContain('Visa ending in 4242');
    expect(result.payment.status).toBe(PaymentStatus.SUCCEEDED);
    expect(result.payment.confirmationCode).toMatch(/^[A-Z0-9]{3}-[A-Z0-9]{3}$/);
    expect(result.payment.callerMessage).toContain(result.payment.confirmationCode);
    expect(result.payment.invoiceId).toBe('acme-stripe:in_demo_jordan_247');
    expect(t.stripe.state.invoices.get('in_demo_jordan_247')?.status).toBe('paid');

    const balance = await t.customers.getBalance({ customerId: 'acme-stripe:cus_demo_jordan' }, { apiKey: KEYS.acme });
    expect(balance.response.openInvoices).toHaveLength(0);
    expect(balance.response.totalDue).toHaveLength(0);
  });

  it('says a plain sentence when the card declines, with the reason kept for operations', async () => {
    const lines: string[] = [];
    const result = await sampleCall('415-555-0188', { address: t.address, apiKey: KEYS.acme, say: (line) => lines.push(line) });
    expect(result.payment.status).toBe(PaymentStatus.DECLINED);
    expect(result.payment.decline?.reason).toBe(DeclineReason.INSUFFICIENT_FUNDS);
    expect(result.payment.decline?.retryMaySucceed).toBe(true);
    expect(result.payment.decline?.processorCode).toBe('insufficient_funds');
    expect(lines.at(-1)).toMatch(/declined/);
    expect(lines.join('\n')).not.toMatch(/insufficient_funds/);
  });
});
