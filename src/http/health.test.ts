import { afterEach, describe, expect, it } from 'vitest';
import type { RunningTender } from '../app.js';
import { startTender } from '../app.js';
import { defaultConfig } from '../config/demo.js';
import { silentLogger } from '../server/logger.js';
import { testRedisUrl } from '../../test/setup/redis-env.js';
import { request, startTenderWithHttp } from './testing/tender-with-http.js';

/** Nothing listens on port 1; the password must never come back in a probe's answer. */
const DEAD_REDIS = 'redis://:hunter2-not-for-probes@127.0.0.1:1';

const running: RunningTender[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((tender) => tender.close(100)));
});

async function start(store?: Parameters<typeof startTenderWithHttp>[0]) {
  const started = await startTenderWithHttp(store);
  running.push(started.tender);
  return started;
}

describe('GET /healthz and /readyz', () => {
  it('are 200 while the gRPC server serves and the store answers', async () => {
    const { httpAddress } = await start();
    expect(await request(httpAddress, '/healthz')).toMatchObject({ status: 200, body: '{"status":"ok"}\n' });
    const ready = await request(httpAddress, '/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ status: 'ok', checks: { grpc: 'serving', store: 'ok' } });
  });

  it('readiness pings a real Redis', async () => {
    const { httpAddress } = await start({ kind: 'redis', url: testRedisUrl() });
    expect((await request(httpAddress, '/readyz')).status).toBe(200);
  });

  it('readiness turns 503 once the gRPC server is closing, while liveness stays 200', async () => {
    const { tender, httpAddress } = await start();
    expect((await request(httpAddress, '/readyz')).status).toBe(200);
    await tender.grpc.close(100);
    const ready = await request(httpAddress, '/readyz');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toEqual({ status: 'unavailable', checks: { grpc: 'not_serving', store: 'ok' } });
    expect((await request(httpAddress, '/healthz')).status).toBe(200);
  });

  it('readiness is 503 within about a second when Redis is gone, without naming it', async () => {
    const { httpAddress } = await start({ kind: 'redis', url: DEAD_REDIS });
    const asked = Date.now();
    const ready = await request(httpAddress, '/readyz');
    expect(Date.now() - asked).toBeLessThan(1_500);
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toEqual({
      status: 'unavailable',
      checks: { grpc: 'serving', store: expect.stringMatching(/^(unavailable|timeout)$/) },
    });
    expect(ready.body).not.toMatch(/hunter2|127\.0\.0\.1|redis/i);
    expect((await request(httpAddress, '/healthz')).status).toBe(200);
  });

  it('is off without listen.http, and closed with Tender', async () => {
    const withoutHttp = await startTender({ ...defaultConfig(), listen: { grpc: '127.0.0.1:0' } }, { logger: silentLogger() });
    running.push(withoutHttp);
    expect(withoutHttp.http).toBeUndefined();

    const { tender, httpAddress } = await startTenderWithHttp();
    await tender.close(100);
    await expect(request(httpAddress, '/healthz')).rejects.toThrow();
  });
});
