import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentStatus } from '../../src/gen/tender/v1/common_pb.js';
import { startStripeSandbox, type StripeSandbox } from '../../src/sandboxes/stripe/index.js';
import { redisServerOnPath, startRedisServer } from '../setup/redis-server.js';
import { KEYS, as, grpcError, startTenderUnderTest, type TenderUnderTest } from './harness.js';

const jordan = 'acme-stripe:cus_demo_jordan';
const usd = (amount: number) => ({ amount: BigInt(amount), currency: 'USD' });

describe('with Redis unreachable', () => {
  let t: TenderUnderTest;
  beforeAll(async () => {
    t = await startTenderUnderTest({ store: 'redis://127.0.0.1:1' });
  });
  afterAll(() => t.close());

  it('refuses mutating calls with UNAVAILABLE before any processor call, and reads keep working', async () => {
    const before = { intents: t.stripe.state.paymentIntents.size, customers: t.stripe.state.customers.size };
    const charge = await grpcError(t.payments.charge({ idempotencyKey: randomUUID(), customerId: jordan, amount: usd(500) }, as(KEYS.acme)));
    expect(charge.code).toBe(grpc.status.UNAVAILABLE);
    const create = await grpcError(t.customers.createCustomer({ idempotencyKey: randomUUID(), name: 'New', email: 'new@example.com' }, as(KEYS.acme)));
    expect(create.code).toBe(grpc.status.UNAVAILABLE);
    expect(t.stripe.state.paymentIntents.size).toBe(before.intents);
    expect(t.stripe.state.customers.size).toBe(before.customers);

    const found = await t.customers.findCustomers({ query: { case: 'phone', value: '4155550123' } }, as(KEYS.acme));
    expect(found.response.customers).toHaveLength(1);
    const balance = await t.customers.getBalance({ customerId: jordan }, as(KEYS.acme));
    expect(balance.response.openInvoices.length).toBeGreaterThan(0);
  });
});

describe('two Tender instances sharing one Redis', () => {
  let stripe: StripeSandbox;
  let a: TenderUnderTest;
  let b: TenderUnderTest;
  beforeAll(async () => {
    stripe = await startStripeSandbox();
    a = await startTenderUnderTest({ store: 'redis', stripe });
    b = await startTenderUnderTest({ store: 'redis', stripe });
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
    await stripe.close();
  });

  it('replay on one instance what the other charged', async () => {
    const before = stripe.state.paymentIntents.size;
    const request = { idempotencyKey: randomUUID(), customerId: jordan, amount: usd(1234) };
    const first = await a.payments.charge(request, as(KEYS.acme));
    const second = await b.payments.charge(request, as(KEYS.acme));
    expect(second.response.payment?.id).toBe(first.response.payment?.id);
    expect(second.headers.get('idempotent-replayed')).toEqual(['true']);
    expect(stripe.state.paymentIntents.size).toBe(before + 1);
  });

  it('charge once when duplicates race across instances', async () => {
    const before = stripe.state.paymentIntents.size;
    stripe.faults.add({ path: '/v1/payment_intents', method: 'POST', mode: 'delay', ms: 200, times: 1 });
    const request = { idempotencyKey: randomUUID(), customerId: jordan, amount: usd(999) };
    const calls = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).payments.charge(request, as(KEYS.acme)));
    const results = await Promise.allSettled(calls);
    for (const result of results) {
      if (result.status === 'rejected') expect((result.reason as grpc.ServiceError).code).toBe(grpc.status.ABORTED);
    }
    const settled = await b.payments.charge(request, as(KEYS.acme));
    expect(settled.response.payment?.status).toBe(PaymentStatus.SUCCEEDED);
    expect(stripe.state.paymentIntents.size).toBe(before + 1);
  });
});

describe.runIf(redisServerOnPath())('when Redis stops and comes back', () => {
  it('fails closed while it is down and recovers by itself', async () => {
    const redis = await startRedisServer();
    const t = await startTenderUnderTest({ store: redis.url });
    try {
      const ok = await t.payments.charge({ idempotencyKey: randomUUID(), customerId: jordan, amount: usd(100) }, as(KEYS.acme));
      expect(ok.response.payment?.status).toBe(PaymentStatus.SUCCEEDED);
      await redis.stop();
      const before = t.stripe.state.paymentIntents.size;
      const down = await grpcError(t.payments.charge({ idempotencyKey: randomUUID(), customerId: jordan, amount: usd(100) }, as(KEYS.acme)));
      expect(down.code).toBe(grpc.status.UNAVAILABLE);
      expect(t.stripe.state.paymentIntents.size).toBe(before);
      const read = await t.customers.getCustomer({ customerId: jordan }, as(KEYS.acme));
      expect(read.response.customer?.name).toBe('Jordan Rivera');

      const back = await startRedisServer(redis.port);
      try {
        let recovered = false;
        for (let i = 0; i < 50 && !recovered; i += 1) {
          try {
            await t.payments.charge({ idempotencyKey: randomUUID(), customerId: jordan, amount: usd(100) }, as(KEYS.acme));
            recovered = true;
          } catch {
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
        expect(recovered).toBe(true);
      } finally {
        await back.stop();
      }
    } finally {
      await t.close();
    }
  });
});
