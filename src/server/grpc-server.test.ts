import { setTimeout as delay } from 'node:timers/promises';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenderError } from '../core/errors.js';
import { AccountService } from '../gen/tender/v1/accounts_pb.js';
import { Processor } from '../gen/tender/v1/common_pb.js';
import { PaymentService } from '../gen/tender/v1/payments_pb.js';
import { defineService } from './bridge.js';
import type { CallContext } from './call-context.js';
import { makeClient, type ServiceClient } from './client.js';
import type { RunningGrpcServer } from './lifecycle.js';
import { FIELD_TRAILER } from './status.js';
import { startTestServer, TEST_KEYS } from './testing/test-server.js';

/** What the DescribeAccount test handler saw of its last call. */
let lastContext: CallContext | undefined;
let abortedAfterMs: number | undefined;

/** DescribeAccount's account_id picks a behaviour, so one service covers every case. */
const accounts = defineService(AccountService, {
  async listAccounts(_request, call) {
    call.setHeader('idempotent-replayed', 'true');
    return { accounts: [{ id: 'main', processor: Processor.STRIPE, displayName: call.principal.tenant }] };
  },
  async describeAccount(request, call) {
    lastContext = call;
    switch (request.accountId) {
      case 'missing':
        throw new TenderError('not_found', 'no account "missing"', { field: 'account_id' });
      case 'crash':
        throw new Error('database password hunter2 rejected');
      case 'slow': {
        const started = Date.now();
        await new Promise<void>((resolve) => call.signal.addEventListener('abort', () => resolve(), { once: true }));
        abortedAfterMs = Date.now() - started;
        throw new Error('stopped');
      }
      default:
        return { account: { id: request.accountId, sandbox: true } };
    }
  },
});

let server: RunningGrpcServer;
let client: ServiceClient<typeof AccountService>;
let payments: ServiceClient<typeof PaymentService>;

beforeAll(async () => {
  server = await startTestServer([accounts, { service: PaymentService, handlers: {} }]);
  client = makeClient(AccountService, server.address);
  payments = makeClient(PaymentService, server.address);
});

afterAll(async () => {
  client.close();
  payments.close();
  await server.close(1000);
});

async function failure(call: Promise<unknown>): Promise<grpc.ServiceError> {
  const error = await call.then(
    () => undefined,
    (rejected: grpc.ServiceError) => rejected,
  );
  if (!error) throw new Error('expected the call to fail');
  return error;
}

describe('authentication', () => {
  it('refuses a call without a key as UNAUTHENTICATED', async () => {
    const error = await failure(client.listAccounts({}));
    expect(error.code).toBe(grpc.status.UNAUTHENTICATED);
  });

  it('refuses an unknown key as UNAUTHENTICATED without echoing it', async () => {
    const error = await failure(client.listAccounts({}, { apiKey: 'not-a-real-key' }));
    expect(error.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(error.details).not.toContain('not-a-real-key');
  });

  it('accepts a bearer token and an x-api-key header', async () => {
    const bearer = await client.listAccounts({}, { apiKey: TEST_KEYS.accountsReader });
    expect(bearer.response.accounts[0]?.displayName).toBe('acme');
    const header = await client.listAccounts({}, { metadata: { 'x-api-key': TEST_KEYS.everything } });
    expect(header.response.accounts[0]?.displayName).toBe('globex');
  });

  it('refuses a key without the method scope as PERMISSION_DENIED', async () => {
    const error = await failure(client.listAccounts({}, { apiKey: TEST_KEYS.customersReader }));
    expect(error.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(error.details).toContain('accounts:read');
  });
});

describe('handlers', () => {
  it('gives the handler the principal, method, request id and response headers', async () => {
    const { response, headers } = await client.describeAccount(
      { accountId: 'main' },
      { apiKey: TEST_KEYS.accountsReader, metadata: { 'x-request-id': 'req-42' } },
    );
    expect(response.account?.id).toBe('main');
    expect(headers.get('x-request-id')).toEqual(['req-42']);
    expect(lastContext?.method).toBe('tender.v1.AccountService/DescribeAccount');
    expect(lastContext?.principal).toMatchObject({ keyId: 'accounts-reader', tenant: 'acme' });
    expect(lastContext?.requestId).toBe('req-42');
  });

  it('sends headers the handler sets', async () => {
    const { headers } = await client.listAccounts({}, { apiKey: TEST_KEYS.accountsReader });
    expect(headers.get('idempotent-replayed')).toEqual(['true']);
  });

  it('maps a TenderError to its status, with the message and the tender-field trailer', async () => {
    const error = await failure(client.describeAccount({ accountId: 'missing' }, { apiKey: TEST_KEYS.accountsReader }));
    expect(error.code).toBe(grpc.status.NOT_FOUND);
    expect(error.details).toBe('no account "missing"');
    expect(error.metadata.get(FIELD_TRAILER)).toEqual(['account_id']);
  });

  it('maps any other error to INTERNAL without its message', async () => {
    const error = await failure(client.describeAccount({ accountId: 'crash' }, { apiKey: TEST_KEYS.accountsReader }));
    expect(error.code).toBe(grpc.status.INTERNAL);
    expect(error.details).not.toContain('hunter2');
    expect(error.details).toMatch(/^internal error \(request id [0-9a-f-]{36}\)$/);
  });

  it('aborts the handler signal at the deadline and answers DEADLINE_EXCEEDED', async () => {
    const started = Date.now();
    const error = await failure(
      client.describeAccount({ accountId: 'slow' }, { apiKey: TEST_KEYS.accountsReader, deadlineMs: 200 }),
    );
    expect(error.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    expect(Date.now() - started).toBeLessThan(2000);
    await delay(50);
    expect(abortedAfterMs).toBeGreaterThanOrEqual(150);
    expect(abortedAfterMs).toBeLessThan(1000);
    expect(lastContext?.deadline).toBeInstanceOf(Date);
  });
});

describe('methods without a handler', () => {
  it('answer UNIMPLEMENTED, but only to an authenticated caller', async () => {
    const anonymous = await failure(payments.getPayment({ paymentId: 'x' }));
    expect(anonymous.code).toBe(grpc.status.UNAUTHENTICATED);
    const error = await failure(payments.getPayment({ paymentId: 'x' }, { apiKey: TEST_KEYS.everything }));
    expect(error.code).toBe(grpc.status.UNIMPLEMENTED);
  });
});
