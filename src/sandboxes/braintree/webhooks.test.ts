import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestBed, type SandboxTestBed } from './testing/test-bed.js';
import { deliveryBody, notificationFor } from './webhooks.js';

let bed: SandboxTestBed;
beforeAll(async () => {
  bed = await openTestBed();
});
afterAll(() => bed.close());

/** The fields of the SDK's WebhookNotification these tests read (@types/braintree lacks them). */
interface Parsed {
  kind: string;
  timestamp?: string;
  subscription?: Record<string, unknown> & { transactions: unknown[] };
  transaction?: Record<string, unknown>;
  disbursement?: Record<string, unknown>;
}

const parse = async (signed: { bt_signature: string; bt_payload: string }, gateway = bed.gateway): Promise<Parsed> =>
  (await gateway.webhookNotification.parse(signed.bt_signature, signed.bt_payload)) as unknown as Parsed;

describe('webhook notifications', () => {
  it('signs a notification about a sandbox object exactly as the SDK verifies it', async () => {
    const signed = notificationFor(bed.sandbox.state, 'subscription_went_past_due', 'demo_sam_plus');
    const parsed = await parse(signed);
    expect(parsed.kind).toBe('subscription_went_past_due');
    expect(parsed.subscription).toMatchObject({ id: 'demo_sam_plus', status: 'Past Due', balance: '39.00', daysPastDue: 5 });
    expect(new Date(String(parsed.timestamp)).getTime()).toBe(signed.timestamp.getTime() - (signed.timestamp.getTime() % 1000));
  });

  it('signs transaction, disbursement and check notifications', async () => {
    const txId = bed.sandbox.state.subscriptions.get('demo_jordan_basic')?.transactionIds[0] ?? '';
    const settled = notificationFor(bed.sandbox.state, 'transaction_settled', txId);
    expect((await parse(settled)).transaction).toMatchObject({ id: txId, status: 'settled' });
    const payout = notificationFor(bed.sandbox.state, 'disbursement', 'dsb_1');
    const disbursement = (await parse(payout)).disbursement;
    expect(disbursement).toMatchObject({ id: 'dsb_1', success: true });
    const check = notificationFor(bed.sandbox.state, 'check', '');
    expect((await parse(check)).kind).toBe('check');
    expect(() => notificationFor(bed.sandbox.state, 'transaction_settled', 'nosuchtx')).toThrow();
    expect(() => notificationFor(bed.sandbox.state, 'made_up_kind', 'x')).toThrow(/unsupported/);
  });

  it('is refused by the SDK when the payload or the key differs', async () => {
    const signed = notificationFor(bed.sandbox.state, 'subscription_canceled', 'demo_jordan_basic');
    const tampered = Buffer.from(Buffer.from(signed.bt_payload, 'base64').toString().replace('Active', 'Canceled')).toString('base64');
    await expect(parse({ ...signed, bt_payload: tampered })).rejects.toMatchObject({ type: 'invalidSignatureError' });
    const other = bed.client({ publicKey: 'another_public', privateKey: 'another_private' });
    await expect(parse(signed, other)).rejects.toMatchObject({ type: 'invalidSignatureError' });
  });

  it('serves notifications over HTTP, with the form body a delivery carries', async () => {
    const response = await fetch(`${bed.sandbox.url}/_sandbox/webhooks`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'subscription_charged_unsuccessfully', id: 'demo_sam_plus' }),
    });
    const signed = (await response.json()) as { bt_signature: string; bt_payload: string; body: string };
    expect(signed.body).toBe(deliveryBody(signed));
    const form = new URLSearchParams(signed.body);
    const parsed = await parse({ bt_signature: form.get('bt_signature') ?? '', bt_payload: form.get('bt_payload') ?? '' });
    expect(parsed.subscription?.transactions[0]).toMatchObject({ status: 'processor_declined' });
    const missing = await fetch(`${bed.sandbox.url}/_sandbox/webhooks`, { method: 'POST', body: JSON.stringify({ kind: 'subscription_canceled', id: 'nope' }) });
    expect(missing.status).toBe(404);
  });
});
