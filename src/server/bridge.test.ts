import type { MessageInitShape } from '@bufbuild/protobuf';
import * as grpc from '@grpc/grpc-js';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  AccountService,
  DescribeAccountRequestSchema,
  type DescribeAccountRequest,
  type DescribeAccountResponseSchema,
} from '../gen/tender/v1/accounts_pb.js';
import { create, toBinary } from '@bufbuild/protobuf';
import { addService, grpcServiceDefinition, type ServiceHandlers } from './bridge.js';
import type { CallContext } from './call-context.js';
import { makeClient } from './client.js';
import { withKnownEncoding } from './known-encoding.js';
import { silentLogger } from './logger.js';
import { createCallPipeline } from './standard-pipeline.js';
import { TEST_API_KEYS, TEST_KEYS } from './testing/test-server.js';

describe('grpcServiceDefinition', () => {
  it('describes each method with its path and protobuf serializers', () => {
    const definition = grpcServiceDefinition(AccountService);
    const describe = definition['DescribeAccount']!;
    expect(describe.path).toBe('/tender.v1.AccountService/DescribeAccount');
    expect(describe.requestStream || describe.responseStream).toBe(false);
    const request = create(DescribeAccountRequestSchema, { accountId: 'main' });
    const bytes = describe.requestSerialize(request);
    expect(describe.requestDeserialize(bytes)).toEqual(request);
  });

  it('sends a message registered with its wire form as those bytes, without encoding it', () => {
    const definition = grpcServiceDefinition(AccountService)['DescribeAccount']!;
    const request = create(DescribeAccountRequestSchema, { accountId: 'main' });
    const stored = Buffer.from(toBinary(DescribeAccountRequestSchema, create(DescribeAccountRequestSchema, { accountId: 'stored' })));
    expect(definition.requestSerialize(withKnownEncoding(request, stored))).toEqual(stored);
    expect(definition.requestSerialize(create(DescribeAccountRequestSchema, { accountId: 'main' }))).not.toEqual(stored);
  });
});

describe('ServiceHandlers', () => {
  it('types each handler from the descriptor', () => {
    type Describe = ServiceHandlers<typeof AccountService>['describeAccount'];
    expectTypeOf<Parameters<Describe>[0]>().toEqualTypeOf<DescribeAccountRequest>();
    expectTypeOf<Parameters<Describe>[1]>().toEqualTypeOf<CallContext>();
    expectTypeOf<Awaited<ReturnType<Describe>>>().toEqualTypeOf<MessageInitShape<typeof DescribeAccountResponseSchema>>();
  });
});

describe('addService', () => {
  const pipeline = createCallPipeline({ auth: { apiKeys: TEST_API_KEYS }, logger: silentLogger() });

  it('calls handler methods on their object, so class-based handlers keep `this`', async () => {
    class Accounts implements ServiceHandlers<typeof AccountService> {
      private readonly prefix = 'acct';
      async listAccounts() {
        return { accounts: [{ id: `${this.prefix}-1` }] };
      }
      async describeAccount(request: DescribeAccountRequest) {
        return { account: { id: `${this.prefix}-${request.accountId}` } };
      }
    }
    const server = new grpc.Server();
    addService(server, AccountService, new Accounts(), pipeline);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    const client = makeClient(AccountService, `127.0.0.1:${port}`);
    try {
      const { response } = await client.describeAccount({ accountId: '7' }, { apiKey: TEST_KEYS.accountsReader });
      expect(response.account?.id).toBe('acct-7');
    } finally {
      client.close();
      server.forceShutdown();
    }
  });

  it('refuses a handler that is not a function at registration', () => {
    const handlers = { listAccounts: 'nope', describeAccount: async () => ({}) } as unknown as ServiceHandlers<typeof AccountService>;
    expect(() => addService(new grpc.Server(), AccountService, handlers, pipeline)).toThrow(/ListAccounts is not a function/);
  });
});
