import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestBed, saleWith, type SandboxTestBed } from './testing/test-bed.js';

let bed: SandboxTestBed;
beforeAll(async () => {
  bed = await openTestBed();
});
afterAll(() => bed.close());

const control = (path: string, body: unknown) =>
  fetch(`${bed.sandbox.url}/_sandbox/${path}`, { method: 'POST', body: JSON.stringify(body) });

describe('sandbox controls', () => {
  it('vaults a flagged test card whose charges decline with its code', async () => {
    const response = await control('customers/demo_alex_home/test_cards', { decline_code: '2004', token: 'alex_expired' });
    expect(await response.json()).toEqual({ token: 'alex_expired', customer_id: 'demo_alex_home', last4: '2004', default: true });
    const sale = await saleWith(bed.gateway, { amount: '5.00', paymentMethodToken: 'alex_expired' });
    expect(sale.transaction).toMatchObject({ status: 'processor_declined', processorResponseCode: '2004', processorResponseType: 'hard_declined' });
    const rejected = await control('customers/demo_alex_home/test_cards', { gateway_rejection_reason: 'cvv' });
    const { token } = (await rejected.json()) as { token: string };
    expect((await saleWith(bed.gateway, { amount: '5.00', paymentMethodToken: token })).transaction).toMatchObject({ gatewayRejectionReason: 'cvv' });
  });

  it('refuses an unknown customer or behaviour, and an unknown control', async () => {
    expect((await control('customers/nobody/test_cards', { decline_code: '2000' })).status).toBe(404);
    expect((await control('customers/demo_alex_home/test_cards', { decline_code: '1000' })).status).toBe(400);
    expect((await control('nothing/here', {})).status).toBe(404);
  });

  it('moves the clock and reports the time', async () => {
    const before = bed.sandbox.state.clock.now().getTime();
    const response = await control('clock/advance', { seconds: 3_600 });
    const { now } = (await response.json()) as { now: string };
    expect(new Date(now).getTime() - before).toBeGreaterThanOrEqual(3_600_000);
    expect((await control('clock/advance', { seconds: -1 })).status).toBe(400);
  });
});
