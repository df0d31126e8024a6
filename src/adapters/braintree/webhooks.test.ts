import braintree from 'braintree';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessorAdapter } from '../../core/processor-port.js';
import { deliveryBody, notificationFor } from '../../sandboxes/braintree/webhooks.js';
import { startBraintreeTestBed, type BraintreeTestBed } from './testing/test-bed.js';
import { notificationsOf } from './webhooks.js';

let bed: BraintreeTestBed;
let parse: NonNullable<ProcessorAdapter['parseWebhook']>;
beforeAll(async () => {
  bed = await startBraintreeTestBed();
  if (!bed.adapter.parseWebhook) throw new Error('parseWebhook missing');
  parse = bed.adapter.parseWebhook;
});
afterAll(() => bed.close());

const deliver = (body: string) => parse({ rawBody: Buffer.from(body), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
const signed = (kind: string, id: string) => deliveryBody(notificationFor(bed.sandbox.state, kind, id));

describe('Braintree webhooks', () => {
  it('verifies a delivery and reports a past-due subscription with its balance', async () => {
    const [notification] = await deliver(signed('subscription_went_past_due', 'demo_sam_plus'));
    expect(notification).toMatchObject({
      type: 'subscription.past_due', subjectId: 'demo_sam_plus',
      data: { subscriptionId: 'demo_sam_plus', status: 'Past Due', planId: 'plus_monthly', balance: 3_900, daysPastDue: 5, currency: 'USD' },
    });
    expect(notification?.id).toMatch(/^subscription_went_past_due:demo_sam_plus:/);
    expect(notification?.occurredAt).toBeInstanceOf(Date);
  });

  it('reports a failed renewal as a declined payment about the transaction', async () => {
    const [notification] = await deliver(signed('subscription_charged_unsuccessfully', 'demo_sam_plus'));
    const failedRenewal = bed.sandbox.state.subscriptions.get('demo_sam_plus')?.transactionIds.at(-1);
    expect(notification).toMatchObject({
      type: 'payment.declined', subjectId: failedRenewal,
      data: { subscriptionId: 'demo_sam_plus', transactionStatus: 'processor_declined', declineReason: 'insufficient_funds', processorCode: '2001', amount: 3_900 },
    });
  });

  it("reads the SDK's own signed samples too", async () => {
    const sdk = new braintree.BraintreeGateway({
      environment: braintree.Environment.Sandbox, merchantId: bed.sandbox.merchantId, publicKey: bed.sandbox.publicKey, privateKey: bed.sandbox.privateKey,
    });
    const sample = sdk.webhookTesting.sampleNotification('transaction_settled', 'tx_42') as unknown as { bt_signature: string; bt_payload: string };
    const [settled] = await deliver(new URLSearchParams(sample).toString());
    expect(settled).toMatchObject({ type: 'payment.settled', subjectId: 'tx_42', data: { amount: 10_000, transactionStatus: 'settled' } });
    const dispute = sdk.webhookTesting.sampleNotification('dispute_opened', 'dp_7') as unknown as Record<string, string>;
    expect(await deliver(new URLSearchParams(dispute).toString())).toMatchObject([{ type: 'braintree.dispute_opened', subjectId: 'dp_7' }]);
  });

  it('refuses a tampered, foreign or incomplete delivery as unauthenticated', async () => {
    const form = new URLSearchParams(signed('subscription_canceled', 'demo_jordan_basic'));
    const payload = Buffer.from(form.get('bt_payload') ?? '', 'base64').toString().replace('demo_jordan_basic', 'demo_sam_plus');
    form.set('bt_payload', Buffer.from(payload).toString('base64'));
    await expect(deliver(form.toString())).rejects.toMatchObject({ code: 'unauthenticated' });
    form.set('bt_signature', 'someone_else|abcdef');
    await expect(deliver(form.toString())).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(deliver('hello=world')).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('maps a disbursement, and keeps kinds without a neutral word as braintree.<kind>', () => {
    const payout = notificationsOf({ kind: 'disbursement', timestamp: '2026-11-26T10:00:00Z', disbursement: { id: 'd1', amount: '100.00', success: false, transactionIds: ['a', 'b'] } }, 'USD');
    expect(payout).toEqual([{
      id: 'disbursement:d1:2026-11-26T10:00:00Z', type: 'payout.failed', subjectId: 'd1',
      occurredAt: new Date('2026-11-26T10:00:00Z'), data: { amount: 10_000, currency: 'USD', transactionCount: 2 },
    }]);
    expect(notificationsOf({ kind: 'check', timestamp: '2026-11-26T10:00:00Z' }, 'USD')).toEqual([{
      id: 'check::2026-11-26T10:00:00Z', type: 'braintree.check', subjectId: '', occurredAt: new Date('2026-11-26T10:00:00Z'), data: { kind: 'check' },
    }]);
  });
});
