import * as grpc from '@grpc/grpc-js';
import { create } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { ListAccountsRequestSchema } from '../gen/tender/v1/accounts_pb.js';
import type { IncomingCall } from './pipeline.js';
import { composePipeline } from './pipeline.js';
import { createCallPipeline } from './standard-pipeline.js';
import { silentLogger } from './logger.js';
import { RpcStatusError } from './status.js';
import { TEST_API_KEYS, TEST_KEYS } from './testing/test-server.js';

function incoming(overrides: Partial<IncomingCall> = {}): IncomingCall {
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${TEST_KEYS.accountsReader}`);
  return {
    method: 'tender.v1.AccountService/ListAccounts',
    metadata,
    request: create(ListAccountsRequestSchema),
    deadline: undefined,
    cancelled: new AbortController().signal,
    setHeader: () => undefined,
    ...overrides,
  };
}

const pipeline = createCallPipeline({ auth: { apiKeys: TEST_API_KEYS }, logger: silentLogger() });

describe('call pipeline', () => {
  it('refuses an already expired deadline without running the handler', async () => {
    let ran = false;
    const call = pipeline(incoming({ deadline: new Date(Date.now() - 1) }), async () => {
      ran = true;
    });
    await expect(call).rejects.toMatchObject({ code: grpc.status.DEADLINE_EXCEEDED });
    expect(ran).toBe(false);
  });

  it('aborts the handler signal when the client cancels, and reports CANCELLED', async () => {
    const cancel = new AbortController();
    const call = pipeline(incoming({ cancelled: cancel.signal }), async (context) => {
      setTimeout(() => cancel.abort(), 10);
      await new Promise((resolve) => context.signal.addEventListener('abort', resolve));
      return 'finished anyway';
    });
    await expect(call).rejects.toMatchObject({ code: grpc.status.CANCELLED });
  });

  it('hands the handler a principal only through authentication', async () => {
    const bare = composePipeline(silentLogger(), []);
    await expect(bare(incoming(), async () => 'ran')).rejects.toBeInstanceOf(Error);
    const result = await pipeline(incoming(), async (context) => context.principal.keyId);
    expect(result).toBe('accounts-reader');
  });

  it('rejects only with RpcStatusError', async () => {
    const call = pipeline(incoming(), async () => {
      throw 'a string, not an error';
    });
    await expect(call).rejects.toBeInstanceOf(RpcStatusError);
  });
});
