import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeysWithPrefix, testRedisUrl, uniqueKeyPrefix } from '../../../test/setup/redis-env.js';
import type { ProcessorAdapter } from '../../core/processor-port.js';
import type { Payment } from '../../core/types.js';
import { ADYEN_DEMO_CARDS, ADYEN_DEMO_SHOPPERS } from '../../sandboxes/adyen/index.js';
import { createMemoryStore } from '../../store/memory/memory-store.js';
import { createRedisStore } from '../../store/redis/redis-store.js';
import type { Store } from '../../store/types.js';
import { newContext, startAdyenTestBed, type AdyenTestBed } from './testing/test-bed.js';

/**
 * Two Tender instances serving one Adyen account share the store, so each knows the
 * payments the other made: GetPayment, refunds and their bounds work through either.
 * On memory the two adapters share one process's store; on Redis each has its own
 * connection, as two processes would.
 */
const usd = (amount: number) => ({ amount, currency: 'USD' });

interface Instances {
  open(): Store;
  dispose(): Promise<void>;
}

const STORES: Array<[string, () => Instances]> = [
  ['memory', () => {
    const store = createMemoryStore();
    return { open: () => store, dispose: () => store.close() };
  }],
  ['redis', () => {
    const keyPrefix = uniqueKeyPrefix('adyen-ledger');
    const opened: Store[] = [];
    return {
      open() {
        const store = createRedisStore({ url: testRedisUrl(), keyPrefix });
        opened.push(store);
        return store;
      },
      async dispose() {
        await Promise.all(opened.map((store) => store.close()));
        await deleteKeysWithPrefix(keyPrefix);
      },
    };
  }],
];

describe.each(STORES)('two instances sharing one %s store', (_kind, makeInstances) => {
  let instances: Instances;
  let bed: AdyenTestBed;
  let first: ProcessorAdapter;
  let second: ProcessorAdapter;
  beforeAll(async () => {
    instances = makeInstances();
    bed = await startAdyenTestBed({ ledger: instances.open().payments });
    first = bed.adapter;
    second = bed.adapterWith({ ledger: instances.open().payments });
  });
  afterAll(async () => {
    await bed?.close();
    await instances?.dispose();
  });

  async function paid(amount: number): Promise<Payment> {
    const payment = await first.charge(
      { customerId: ADYEN_DEMO_SHOPPERS.jordan, paymentMethodId: ADYEN_DEMO_CARDS.jordanVisa, amount: usd(amount), description: 'Boiler service', metadata: {} },
      newContext(),
    );
    expect(payment.status).toBe('succeeded');
    bed.sandbox.notifications.collect();
    return payment;
  }

  it('a payment made through one is read and refunded through the other, within bounds both see', async () => {
    const payment = await paid(3000);
    expect(await second.getPayment(payment.id)).toEqual(await first.getPayment(payment.id));
    expect(await second.getPayment(payment.id)).toMatchObject({
      id: payment.id, status: 'succeeded', amount: usd(3000), customerId: ADYEN_DEMO_SHOPPERS.jordan, description: 'Boiler service',
    });

    const refund = await second.refund({ paymentId: payment.id, amount: usd(1000), reason: 'requested_by_customer', note: '' }, newContext());
    expect(refund.status).toBe('pending');
    expect((await first.getPayment(payment.id))?.amountRefunded).toEqual(usd(1000));
    const over = await first.refund({ paymentId: payment.id, amount: usd(2001), reason: 'other', note: '' }, newContext()).catch((e: unknown) => e);
    expect(over).toMatchObject({ code: 'invalid_argument', field: 'amount.amount' });

    expect((await bed.deliverNotifications(first)).map((n) => n.type)).toEqual(['refund.succeeded']);
    const rest = await first.refund({ paymentId: payment.id, reason: 'other', note: '' }, newContext());
    expect(rest.amount).toEqual(usd(2000));
    expect((await second.getPayment(payment.id))?.amountRefunded).toEqual(usd(3000));
  });

  it('a refund retried through the other instance with the same key is one refund, counted once', async () => {
    const payment = await paid(1200);
    const ctx = newContext();
    const once = await first.refund({ paymentId: payment.id, amount: usd(1200), reason: 'other', note: '' }, ctx);
    const again = await second.refund({ paymentId: payment.id, amount: usd(1200), reason: 'other', note: '' }, ctx);
    expect(again.id).toBe(once.id);
    await bed.deliverNotifications(second);
    expect((await first.getPayment(payment.id))?.amountRefunded).toEqual(usd(1200));
    expect(bed.sandbox.state.payments.get(payment.id)?.refundedValue).toBe(1200);
  });

  it("a paid link's payment, learned by one instance from its notification, is known to the other", async () => {
    const link = await first.createPaymentLink(
      { amount: usd(4500), customerId: ADYEN_DEMO_SHOPPERS.jordan, invoiceId: '', description: '', expiresAt: new Date(Date.now() + 3_600_000) },
      newContext(),
    );
    bed.sandbox.notifications.collect();
    const payment = bed.sandbox.payPaymentLink(link.id);
    await bed.deliverNotifications(first);
    expect(await second.getPaymentLink(link.id)).toMatchObject({ status: 'completed', paymentId: payment.pspReference });
    expect(await second.getPayment(payment.pspReference)).toMatchObject({ status: 'succeeded', amount: usd(4500) });
    expect((await second.refund({ paymentId: payment.pspReference, reason: 'other', note: '' }, newContext())).amount).toEqual(usd(4500));
  });
});

describe('an instance started after the payment was made (a restart), on Redis', () => {
  it('still knows it', async () => {
    const keyPrefix = uniqueKeyPrefix('adyen-ledger-restart');
    const before = createRedisStore({ url: testRedisUrl(), keyPrefix });
    const bed = await startAdyenTestBed({ ledger: before.payments });
    const after = createRedisStore({ url: testRedisUrl(), keyPrefix });
    try {
      const payment = await bed.adapter.charge(
        { customerId: ADYEN_DEMO_SHOPPERS.jordan, paymentMethodId: '', amount: usd(800), description: '', metadata: {} }, newContext(),
      );
      await before.close();
      const restarted = bed.adapterWith({ ledger: after.payments });
      expect(await restarted.getPayment(payment.id)).toMatchObject({ id: payment.id, status: 'succeeded', amount: usd(800) });
    } finally {
      await Promise.all([bed.close(), before.close(), after.close()]);
      await deleteKeysWithPrefix(keyPrefix);
    }
  });
});

describe("when the ledger's store is down", () => {
  let bed: AdyenTestBed;
  let down: Store;
  beforeAll(async () => {
    bed = await startAdyenTestBed();
    down = createRedisStore({ url: 'redis://127.0.0.1:1', keyPrefix: uniqueKeyPrefix('adyen-ledger-down') });
    await down.ping().catch(() => undefined);
  });
  afterAll(async () => {
    await bed?.close();
    await down?.close();
  });

  it('a charge Adyen took is unavailable with processorReached, and the retry with the same key records it once', async () => {
    const broken = bed.adapterWith({ ledger: down.payments });
    const ctx = newContext();
    const input = { customerId: ADYEN_DEMO_SHOPPERS.jordan, paymentMethodId: ADYEN_DEMO_CARDS.jordanVisa, amount: usd(1500), description: '', metadata: {} };
    const before = bed.sandbox.state.payments.size;
    const error = await broken.charge(input, ctx).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unavailable', processorReached: true });
    const retried = await bed.adapter.charge(input, ctx);
    expect(bed.sandbox.state.payments.size).toBe(before + 1);
    expect(await bed.adapter.getPayment(retried.id)).toMatchObject({ id: retried.id, status: 'succeeded' });
  });

  it('a notification is refused as unavailable, so that Adyen delivers it again', async () => {
    await bed.adapter.charge(
      { customerId: ADYEN_DEMO_SHOPPERS.jordan, paymentMethodId: '', amount: usd(700), description: '', metadata: {} }, newContext(),
    );
    const [body] = bed.sandbox.notifications.collect();
    const broken = bed.adapterWith({ ledger: down.payments });
    const delivery = { rawBody: Buffer.from(body ?? ''), headers: {} };
    await expect(broken.parseWebhook!(delivery)).rejects.toMatchObject({ code: 'unavailable' });
    expect((await bed.adapter.parseWebhook!(delivery))[0]?.type).toBe('payment.succeeded');
  });
});
