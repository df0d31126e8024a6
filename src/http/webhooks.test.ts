import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTender, type RunningTender } from '../app.js';
import { validateConfig } from '../config/validate.js';
import { PaymentService } from '../gen/tender/v1/payments_pb.js';
import { startAdyenSandbox, type AdyenSandbox } from '../sandboxes/adyen/index.js';
import { hashApiKey } from '../server/api-key.js';
import { makeClient } from '../server/client.js';
import { silentLogger } from '../server/logger.js';

const KEY = 'webhook-test-key';
let adyen: AdyenSandbox;
let tender: RunningTender;

beforeAll(async () => {
  adyen = await startAdyenSandbox();
  const dir = mkdtempSync(join(tmpdir(), 'tender-webhooks-'));
  const caFile = join(dir, 'adyen-ca.pem');
  writeFileSync(caFile, adyen.caCertificatePem);
  const config = validateConfig({
    listen: { grpc: '127.0.0.1:0', http: '127.0.0.1:0' },
    accounts: [{
      id: 'acme-adyen', processor: 'adyen',
      credentials: { apiKey: { env: 'T_ADYEN_KEY' }, hmacKey: { env: 'T_ADYEN_HMAC' } },
      settings: { baseUrl: adyen.url, merchantAccount: adyen.merchantAccount, caCertificateFile: caFile },
    }],
    tenants: [{ id: 'acme', accounts: ['acme-adyen'] }],
    apiKeys: [{ id: 'acme', tenant: 'acme', sha256: hashApiKey(KEY), scopes: ['*'] }],
  });
  tender = await startTender(config, {
    env: { T_ADYEN_KEY: adyen.apiKey, T_ADYEN_HMAC: adyen.hmacKeyHex },
    logger: silentLogger(),
  });
  await tender.store.customers.put('acme-adyen', {
    id: 'shopper_demo_jordan', name: 'Jordan Rivera', email: 'jordan.rivera@example.com',
    phone: '+14155550123', createdAt: Date.now(), metadata: {},
  });
});

afterAll(async () => {
  await tender.close(1000);
  await adyen.close();
});

describe('POST /webhooks/<account>', () => {
  it('records a verified notification once, however often it is delivered', async () => {
    const payments = makeClient(PaymentService, tender.grpc.address);
    const charged = await payments.charge({
      idempotencyKey: randomUUID(), customerId: 'acme-adyen:shopper_demo_jordan', amount: { amount: 5000n, currency: 'EUR' },
    }, { apiKey: KEY });
    payments.close();
    const pspReference = charged.response.payment!.id.split(':')[1]!;
    const url = `http://${tender.http!.address}/webhooks/acme-adyen`;

    const first = await adyen.notifications.send(url);
    expect(first.length).toBeGreaterThan(0);
    expect(first.every((status) => status === 200)).toBe(true);
    const events = await tender.store.events.read('acme', { limit: 1000 });
    const fromWebhook = events.filter((event) => event.data['source'] === 'webhook');
    expect(fromWebhook.some((event) => event.data['subjectId'] === pspReference)).toBe(true);

    const bodies = adyen.notifications.collect();
    for (const body of bodies) {
      const again = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(again.status).toBe(200);
    }
    const after = await tender.store.events.read('acme', { limit: 1000 });
    expect(after.filter((event) => event.data['source'] === 'webhook')).toHaveLength(fromWebhook.length);
  });

  it('refuses a notification whose signature does not verify, recording nothing', async () => {
    const url = `http://${tender.http!.address}/webhooks/acme-adyen`;
    const before = (await tender.store.events.read('acme', { limit: 1000 })).length;
    const forged = JSON.stringify({
      live: 'false',
      notificationItems: [{ NotificationRequestItem: {
        pspReference: 'FORGED0000000001', merchantAccountCode: adyen.merchantAccount, merchantReference: 'x',
        amount: { value: 100, currency: 'EUR' }, eventCode: 'AUTHORISATION', success: 'true', eventDate: new Date().toISOString(),
        additionalData: { hmacSignature: 'AAAA' },
      } }],
    });
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: forged });
    expect(response.status).toBe(401);
    expect((await tender.store.events.read('acme', { limit: 1000 })).length).toBe(before);
  });

  it('answers 404 for an account that does not exist', async () => {
    const response = await fetch(`http://${tender.http!.address}/webhooks/nobody`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
  });
});
