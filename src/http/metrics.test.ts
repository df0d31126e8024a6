import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTender } from '../app.js';
import { DEMO_API_KEY } from '../config/demo.js';
import { AccountService } from '../gen/tender/v1/accounts_pb.js';
import { PaymentStatus } from '../gen/tender/v1/common_pb.js';
import { PaymentService } from '../gen/tender/v1/payments_pb.js';
import { makeClient } from '../server/client.js';
import { RECONCILER_KEY_ID } from '../reconcile/system-call.js';
import { createMemoryStore } from '../store/memory/memory-store.js';
import { createTenderMetrics } from './metrics.js';
import { request, startTenderWithHttp } from './testing/tender-with-http.js';

const LIST_ACCOUNTS = 'tender.v1.AccountService/ListAccounts';
const CHARGE = 'tender.v1.PaymentService/Charge';
/** One exposition sample line: name, optional labels, value (text format 0.0.4). */
const SAMPLE = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\.)*",?)*\})? \S+$/;

let tender: RunningTender;
let httpAddress: string;

beforeAll(async () => {
  ({ tender, httpAddress } = await startTenderWithHttp());
});

afterAll(() => tender.close(100));

async function scrape(): Promise<string> {
  const got = await request(httpAddress, '/metrics');
  expect(got.status).toBe(200);
  expect(got.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return got.body;
}

/** The value of the sample whose name and labels are exactly `series`, if exported. */
function valueOf(body: string, series: string): number | undefined {
  const line = body.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  it('counts real gRPC calls by method and status code, refused ones included', async () => {
    const accounts = makeClient(AccountService, tender.grpc.address);
    try {
      await accounts.listAccounts({}, { apiKey: DEMO_API_KEY });
      await accounts.listAccounts({}, { apiKey: DEMO_API_KEY });
      await expect(accounts.listAccounts({}, { apiKey: 'not-a-key' })).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
    } finally {
      accounts.close();
    }
    const body = await scrape();
    expect(valueOf(body, `tender_rpc_calls_total{method="${LIST_ACCOUNTS}",code="OK"}`)).toBe(2);
    expect(valueOf(body, `tender_rpc_calls_total{method="${LIST_ACCOUNTS}",code="UNAUTHENTICATED"}`)).toBe(1);
    expect(valueOf(body, `tender_rpc_duration_seconds_count{method="${LIST_ACCOUNTS}"}`)).toBe(3);
    expect(valueOf(body, `tender_rpc_duration_seconds_bucket{method="${LIST_ACCOUNTS}",le="+Inf"}`)).toBe(3);
    expect(valueOf(body, `tender_rpc_duration_seconds_bucket{method="${LIST_ACCOUNTS}",le="10"}`)).toBe(3);
    expect(valueOf(body, `tender_rpc_duration_seconds_sum{method="${LIST_ACCOUNTS}"}`)).toBeGreaterThan(0);
  });

  it('counts a payment once, however often its response is replayed', async () => {
    const payments = makeClient(PaymentService, tender.grpc.address);
    const before = valueOf(await scrape(), 'tender_payments_total{status="succeeded"}');
    const charge = {
      idempotencyKey: `metrics-${randomUUID()}`,
      customerId: 'demo-stripe:cus_demo_jordan',
      paymentMethodId: 'demo-stripe:pm_demo_jordan_visa',
      amount: { amount: 1_500n, currency: 'USD' },
    };
    try {
      const first = await payments.charge(charge, { apiKey: DEMO_API_KEY });
      expect(first.response.payment?.status).toBe(PaymentStatus.SUCCEEDED);
      const replay = await payments.charge(charge, { apiKey: DEMO_API_KEY });
      expect(replay.headers.get('idempotent-replayed')).toEqual(['true']);
    } finally {
      payments.close();
    }
    const body = await scrape();
    expect(before).toBe(0);
    expect(valueOf(body, 'tender_payments_total{status="succeeded"}')).toBe(1);
    expect(valueOf(body, 'tender_payments_total{status="declined"}')).toBe(0);
    expect(valueOf(body, `tender_rpc_calls_total{method="${CHARGE}",code="OK"}`)).toBe(2);
  });

  it('is well-formed exposition text with no tenant, key or key id in it', async () => {
    const body = await scrape();
    expect(body.endsWith('\n')).toBe(true);
    for (const line of body.trimEnd().split('\n')) {
      if (line.startsWith('# ')) expect(line).toMatch(/^# (HELP|TYPE) tender_[a-z_]+ .+$/);
      else expect(line).toMatch(SAMPLE);
    }
    expect(body).not.toMatch(/demo|tenant|tender-demo-key/i);
  });

  it('answers only GET and HEAD', async () => {
    const posted = await request(httpAddress, '/metrics', { method: 'POST' });
    expect(posted.status).toBe(405);
    expect(posted.headers.get('allow')).toBe('GET, HEAD');
    expect((await request(httpAddress, '/metrics/')).status).toBe(404);
  });
});

describe('tender_unknown_outcomes_total', () => {
  it('counts what the reconciler settled and what it abandoned, from their events', async () => {
    const metrics = createTenderMetrics();
    const store = createMemoryStore();
    const events = metrics.countPaymentsIn(store).events;
    const event = (type: string, apiKeyId: string) => ({ type, tenant: 'acme', accountId: 'demo-stripe', at: Date.now(), data: { apiKeyId } });
    await events.append(event('payment.outcome_unknown', 'demo'));
    await events.append(event('payment.outcome_unknown', RECONCILER_KEY_ID));
    await events.append(event('payment.succeeded', RECONCILER_KEY_ID));
    await events.append(event('refund.succeeded', RECONCILER_KEY_ID));
    await events.append(event('payment.succeeded', 'demo'));
    await events.append(event('reconcile.abandoned', RECONCILER_KEY_ID));
    const body = String((await metrics.route.handle({} as never)).body);
    expect(valueOf(body, 'tender_unknown_outcomes_total{result="settled"}')).toBe(2);
    expect(valueOf(body, 'tender_unknown_outcomes_total{result="abandoned"}')).toBe(1);
    await store.close();
  });
});
