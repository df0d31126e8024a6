import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import * as grpc from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { describe, expect, it } from 'vitest';
import { AccountService } from '../gen/tender/v1/accounts_pb.js';
import { defineService } from './bridge.js';
import { makeClient } from './client.js';
import { startTestServer, TEST_KEYS } from './testing/test-server.js';

/** DescribeAccount waits until released, so a test controls when the call ends. */
function gatedAccounts() {
  let entered!: () => void;
  const started = new Promise<void>((resolve) => (entered = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const registration = defineService(AccountService, {
    async listAccounts() {
      return {};
    },
    async describeAccount(request) {
      entered();
      await released;
      return { account: { id: request.accountId } };
    },
  });
  return { registration, started, release };
}

const healthDefinition = grpc.makeGenericClientConstructor(healthService as unknown as grpc.ServiceDefinition, 'Health');
type HealthResponse = { status: string };

function checkHealth(address: string, service: string): Promise<HealthResponse> {
  const client = new healthDefinition(address, grpc.credentials.createInsecure());
  return new Promise((resolve, reject) => {
    (client as unknown as Record<string, Function>)['Check']!.call(
      client,
      { service },
      (error: grpc.ServiceError | null, response: HealthResponse) => {
        client.close();
        if (error) reject(error);
        else resolve(response);
      },
    );
  });
}

describe('startGrpcServer', () => {
  it('reports SERVING for the server and each service, NOT_FOUND for others', async () => {
    const { registration } = gatedAccounts();
    const server = await startTestServer([registration]);
    try {
      expect((await checkHealth(server.address, '')).status).toBe('SERVING');
      expect((await checkHealth(server.address, 'tender.v1.AccountService')).status).toBe('SERVING');
      await expect(checkHealth(server.address, 'tender.v1.Nope')).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
    } finally {
      await server.close(100);
    }
  });

  it('lets an in-flight call finish on close, then refuses new calls', async () => {
    const gate = gatedAccounts();
    const server = await startTestServer([gate.registration]);
    const client = makeClient(AccountService, server.address);
    try {
      const inFlight = client.describeAccount({ accountId: 'main' }, { apiKey: TEST_KEYS.accountsReader });
      await gate.started;
      const closeStarted = Date.now();
      const closed = server.close(5000);
      await delay(100);
      gate.release();
      const { response } = await inFlight;
      expect(response.account?.id).toBe('main');
      await closed;
      expect(Date.now() - closeStarted).toBeLessThan(2000);
      await expect(client.listAccounts({}, { apiKey: TEST_KEYS.accountsReader, deadlineMs: 1000 })).rejects.toMatchObject({
        code: grpc.status.UNAVAILABLE,
      });
    } finally {
      client.close();
    }
  });

  it('cuts calls still running when the grace period ends', async () => {
    const gate = gatedAccounts();
    const server = await startTestServer([gate.registration]);
    const client = makeClient(AccountService, server.address);
    try {
      const stuck = client.describeAccount({ accountId: 'main' }, { apiKey: TEST_KEYS.accountsReader });
      await gate.started;
      const closeStarted = Date.now();
      await server.close(200);
      const elapsed = Date.now() - closeStarted;
      expect(elapsed).toBeGreaterThanOrEqual(190);
      expect(elapsed).toBeLessThan(1500);
      await expect(stuck).rejects.toMatchObject({ code: grpc.status.CANCELLED });
    } finally {
      gate.release();
      client.close();
    }
  });

  it('turns health NOT_SERVING for watchers when shutdown starts', async () => {
    const { registration } = gatedAccounts();
    const server = await startTestServer([registration]);
    const client = new healthDefinition(server.address, grpc.credentials.createInsecure());
    const watch = (client as unknown as Record<string, Function>)['Watch']!.call(client, { service: '' }) as grpc.ClientReadableStream<HealthResponse>;
    watch.on('error', () => undefined);
    try {
      const [first] = (await once(watch, 'data')) as [HealthResponse];
      expect(first.status).toBe('SERVING');
      const closed = server.close(3000);
      const [second] = (await once(watch, 'data')) as [HealthResponse];
      expect(second.status).toBe('NOT_SERVING');
      const closeStarted = Date.now();
      await closed;
      // No unary call was in flight: the open Watch stream does not hold shutdown up.
      expect(Date.now() - closeStarted).toBeLessThan(1000);
    } finally {
      client.close();
    }
  });
});
