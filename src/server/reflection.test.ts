import { createFileRegistry } from '@bufbuild/protobuf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountService } from '../gen/tender/v1/accounts_pb.js';
import { PaymentService } from '../gen/tender/v1/payments_pb.js';
import { defineService } from './bridge.js';
import type { RunningGrpcServer } from './lifecycle.js';
import { filesContainingSymbol, listServices, type ReflectionVersion } from './testing/reflection-client.js';
import { startTestServer } from './testing/test-server.js';

let server: RunningGrpcServer;

beforeAll(async () => {
  // No handlers for PaymentService: its methods answer UNIMPLEMENTED, but it is served.
  server = await startTestServer([
    defineService(AccountService, {
      listAccounts: async () => ({}),
      describeAccount: async () => ({}),
    }),
    { service: PaymentService, handlers: {} },
  ]);
});

afterAll(() => server.close(100));

describe.each<ReflectionVersion>(['v1', 'v1alpha'])('server reflection %s', (version) => {
  it('lists the served services and the health service', async () => {
    const services = await listServices(server.address, version);
    expect(services).toEqual(
      expect.arrayContaining(['tender.v1.AccountService', 'tender.v1.PaymentService', 'grpc.health.v1.Health']),
    );
    expect(services).not.toContain('tender.v1.CustomerService');
  });

  it('serves the file declaring PaymentService with every import, complete enough to build a registry', async () => {
    const files = await filesContainingSymbol(server.address, version, 'tender.v1.PaymentService');
    const payments = files.find((file) => file.service.some((service) => service.name === 'PaymentService'));
    expect(payments?.name).toBe('tender/v1/payments.proto');
    expect(payments?.service[0]?.method.map((method) => method.name)).toContain('Charge');
    expect(files.map((file) => file.name)).toEqual(
      expect.arrayContaining(['tender/v1/common.proto', 'google/protobuf/timestamp.proto', 'google/protobuf/duration.proto']),
    );
    if (!payments) throw new Error('no payments.proto');
    // The registry resolves every import from the answer alone: nothing is missing.
    const registry = createFileRegistry(payments, (name) => files.find((file) => file.name === name));
    expect(registry.getMessage('tender.v1.ChargeRequest')?.field.amount?.message?.typeName).toBe('tender.v1.Money');
    expect(registry.getService('tender.v1.PaymentService')?.methods).toHaveLength(6);
  });
});
