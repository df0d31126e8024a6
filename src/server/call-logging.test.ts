import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARD_NUMBER_MASK } from '../core/card-number.js';
import { TenderError } from '../core/errors.js';
import { AccountService } from '../gen/tender/v1/accounts_pb.js';
import { defineService } from './bridge.js';
import { makeClient, type ServiceClient } from './client.js';
import type { RunningGrpcServer } from './lifecycle.js';
import { capturingLogger, startTestServer, TEST_KEYS } from './testing/test-server.js';

const CARD = '4242424242424242';
const CARD_SPACED = '4111 1111 1111 1111';
const PROCESSOR_KEY = 'sk_live_51HxAbCdEfGhIjKlMnOpQrStUv';

const captured = capturingLogger();
let server: RunningGrpcServer;
let client: ServiceClient<typeof AccountService>;

beforeAll(async () => {
  const accounts = defineService(AccountService, {
    async listAccounts(_request, call) {
      call.logger.info({ note: `caller read out ${CARD_SPACED}`, card: { number: CARD } }, 'handler note');
      return {};
    },
    async describeAccount(request) {
      if (request.accountId === 'tender-error') {
        throw new TenderError('invalid_argument', `description: looks like a card number ${CARD}`, { field: 'description' });
      }
      throw new Error(`processor said: card ${CARD_SPACED} refused for key ${PROCESSOR_KEY}`);
    },
  });
  server = await startTestServer([accounts], captured.logger);
  client = makeClient(AccountService, server.address);
});

afterAll(async () => {
  client.close();
  await server.close(100);
});

function digitsOnly(text: string): string {
  return text.replace(/\D/g, '');
}

describe('call logging', () => {
  it('writes one line per call with method, tenant, key id, status and duration', async () => {
    await client.listAccounts({}, { apiKey: TEST_KEYS.accountsReader });
    await client.listAccounts({}, { apiKey: TEST_KEYS.customersReader }).catch(() => undefined);
    const finished = captured.lines().filter((line) => line['msg'] === 'call finished');
    expect(finished.slice(0, 2)).toEqual([
      expect.objectContaining({
        method: 'tender.v1.AccountService/ListAccounts',
        tenant: 'acme',
        keyId: 'accounts-reader',
        code: 'OK',
        durationMs: expect.any(Number),
        requestId: expect.any(String),
      }),
      expect.objectContaining({ keyId: 'customers-reader', code: 'PERMISSION_DENIED' }),
    ]);
  });

  it("binds a handler's own lines to the call's method, request id and tenant", async () => {
    const { headers } = await client.listAccounts({}, { apiKey: TEST_KEYS.accountsReader });
    const requestId = headers.get('x-request-id')[0];
    const lines = captured.lines().filter((line) => line['requestId'] === requestId);
    expect(lines.map((line) => line['msg'])).toEqual(['handler note', 'call finished']);
    for (const line of lines) {
      expect(line).toMatchObject({ method: 'tender.v1.AccountService/ListAccounts', requestId, tenant: 'acme' });
    }
    expect(Object.keys(lines[1]!)).toEqual(['level', 'time', 'service', 'method', 'requestId', 'tenant', 'keyId', 'code', 'durationMs', 'msg']);
  });

  it('never writes API keys, metadata values or card numbers', async () => {
    const metadata = { 'x-card': CARD_SPACED, 'x-processor-key': PROCESSOR_KEY };
    await client.listAccounts({}, { apiKey: TEST_KEYS.everything, metadata });
    await client.listAccounts({}, { apiKey: PROCESSOR_KEY }).catch(() => undefined);
    await client.listAccounts({}, { metadata: { 'x-api-key': TEST_KEYS.accountsReader, ...metadata } });
    const tenderError = await client
      .describeAccount({ accountId: 'tender-error' }, { apiKey: TEST_KEYS.accountsReader })
      .catch((error: grpc.ServiceError) => error);
    const crash = await client
      .describeAccount({ accountId: 'crash' }, { apiKey: TEST_KEYS.accountsReader })
      .catch((error: grpc.ServiceError) => error);

    const output = captured.output();
    for (const secret of [...Object.values(TEST_KEYS), PROCESSOR_KEY, CARD, CARD_SPACED]) {
      expect(output).not.toContain(secret);
    }
    expect(digitsOnly(output)).not.toContain(CARD);
    expect(digitsOnly(output)).not.toContain(digitsOnly(CARD_SPACED));
    // Scrubbed, not merely absent: the crash was logged with its message masked.
    const crashLine = captured.lines().find((line) => line['msg'] === 'unexpected error in call');
    expect(JSON.stringify(crashLine)).toContain(CARD_NUMBER_MASK);
    expect(JSON.stringify(crashLine)).toContain('[REDACTED:key]');
    // The client never sees the crash message; a TenderError's own message is masked too.
    expect((crash as grpc.ServiceError).code).toBe(grpc.status.INTERNAL);
    expect((tenderError as grpc.ServiceError).details).toBe(`description: looks like a card number ${CARD_NUMBER_MASK}`);
  });
});
