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

function incoming(overrides: Partial<Omit<IncomingCall, 'isCancelled'>> = {}): IncomingCall {
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${TEST_KEYS.accountsReader}`);
  const cancelled = overrides.cancelled ?? new AbortController().signal;
  return {
    method: 'tender.v1.AccountService/ListAccounts',
    metadata,
    request: create(ListAccountsRequestSchema),
    deadline: undefined,
    setHeader: () => undefined,
    ...overrides,
    cancelled,
    isCancelled: () => cancelled.aborted,
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

  it('reports CANCELLED for a cancelled call whose handler never read its signal', async () => {
    const cancel = new AbortController();
    const call = pipeline(incoming({ cancelled: cancel.signal }), async () => {
      cancel.abort();
      return 'finished anyway';
    });
    await expect(call).rejects.toMatchObject({ code: grpc.status.CANCELLED });
  });

  it('reports DEADLINE_EXCEEDED when a handler that never read its signal ends past the deadline', async () => {
    const call = pipeline(incoming({ deadline: new Date(Date.now() + 20) }), async () => {
      await new Promise((resolve) => setTimeout(resolve, 40));
      return 'too late';
    });
    await expect(call).rejects.toMatchObject({ code: grpc.status.DEADLINE_EXCEEDED });
  });

  it('fires the signal at the deadline when the handler reads it late', async () => {
    const started = Date.now();
    const call = pipeline(incoming({ deadline: new Date(started + 60) }), async (context) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => context.signal.addEventListener('abort', resolve, { once: true }));
      return Date.now() - started;
    });
    await expect(call).rejects.toMatchObject({ code: grpc.status.DEADLINE_EXCEEDED });
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
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
