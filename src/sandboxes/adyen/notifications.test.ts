import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hmacValidator } from '../../adapters/adyen/sdk.js';
import { signedString } from './hmac.js';
import { ADYEN_DEMO_CARDS, ADYEN_DEMO_SHOPPERS } from './seed.js';
import { openTestBed, storedCardPayment, type SandboxTestBed } from './testing/test-bed.js';

const HMAC_KEY = '8A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E7F809';
let bed: SandboxTestBed;
beforeAll(async () => {
  bed = await openTestBed({ hmacKey: HMAC_KEY });
});
afterAll(async () => {
  await bed?.close();
});

type Item = Parameters<InstanceType<typeof hmacValidator>['validateHMAC']>[0];

function itemsOf(bodies: string[]): Item[] {
  return bodies.map((body) => (JSON.parse(body) as { notificationItems: Array<{ NotificationRequestItem: Item }> }).notificationItems[0]!.NotificationRequestItem);
}

async function chargeJordan(): Promise<string> {
  const response = await bed.checkout.payments.payments(storedCardPayment(bed.sandbox, ADYEN_DEMO_SHOPPERS.jordan, ADYEN_DEMO_CARDS.jordanVisa, 4200));
  return response.pspReference ?? '';
}

describe('HMAC-signed notifications', () => {
  it('verify with the SDK hmacValidator and the sandbox key, and with no other key', async () => {
    const psp = await chargeJordan();
    await bed.checkout.modifications.refundCapturedPayment(psp, { merchantAccount: bed.sandbox.merchantAccount, amount: { currency: 'USD', value: 200 } });
    const items = itemsOf(bed.sandbox.notifications.collect());
    expect(items.map((item) => item.eventCode)).toEqual(['AUTHORISATION', 'REFUND']);
    const validator = new hmacValidator();
    for (const item of items) {
      expect(validator.validateHMAC(item, HMAC_KEY)).toBe(true);
      expect(validator.validateHMAC(item, HMAC_KEY.replace(/^8/, '9'))).toBe(false);
      expect(validator.validateHMAC({ ...item, amount: { ...item.amount, value: 1 } }, HMAC_KEY)).toBe(false);
    }
  });

  it('sign exactly the string processor-wire.md documents', async () => {
    const psp = await chargeJordan();
    const [item] = itemsOf(bed.sandbox.notifications.collect());
    const expected = `${psp}::${bed.sandbox.merchantAccount}:${item?.merchantReference}:4200:USD:AUTHORISATION:true`;
    expect(signedString(item as Parameters<typeof signedString>[0])).toBe(expected);
    expect(new hmacValidator().getDataToSign(item as Item)).toBe(expected);
  });

  it('carry no card data: brand only', async () => {
    await chargeJordan();
    const [body] = bed.sandbox.notifications.collect();
    expect(body).not.toMatch(/4242|expiryDate|cardSummary/);
    expect(JSON.parse(body ?? '{}')).toMatchObject({ live: 'false' });
  });

  it('send() POSTs each one to a webhook URL and keeps those not accepted for a later attempt', async () => {
    const received: string[] = [];
    let accept = false;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push(body);
        res.writeHead(accept ? 200 : 500).end(accept ? '[accepted]' : '');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/adyen`;
    try {
      await chargeJordan();
      expect(await bed.sandbox.notifications.send(url)).toEqual([500]);
      expect(bed.sandbox.notifications.pending()).toHaveLength(1);
      accept = true;
      expect(await bed.sandbox.notifications.send(url)).toEqual([200]);
      expect(bed.sandbox.notifications.pending()).toEqual([]);
      expect(received).toHaveLength(2);
      expect(received[0]).toBe(received[1]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('GET /_sandbox/notifications takes them over HTTP', async () => {
    await chargeJordan();
    const response = await bed.raw('GET', '/_sandbox/notifications');
    expect(JSON.parse(response.body)).toMatchObject({ notifications: [{ notificationItems: [{ NotificationRequestItem: { eventCode: 'AUTHORISATION' } }] }] });
    expect(bed.sandbox.notifications.pending()).toEqual([]);
  });
});
