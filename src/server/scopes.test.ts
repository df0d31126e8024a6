import { describe, expect, it } from 'vitest';
import { AccountService } from '../gen/tender/v1/accounts_pb.js';
import { CustomerService } from '../gen/tender/v1/customers_pb.js';
import { OperationsService } from '../gen/tender/v1/operations_pb.js';
import { PaymentService } from '../gen/tender/v1/payments_pb.js';
import { SubscriptionService } from '../gen/tender/v1/subscriptions_pb.js';
import { METHOD_SCOPES, mayCall, requiredScope } from './scopes.js';

const servedMethods = [AccountService, CustomerService, PaymentService, SubscriptionService, OperationsService].flatMap((service) =>
  service.methods.map((method) => `${service.typeName}/${method.name}`),
);

describe('scopes', () => {
  it('names a scope for every RPC of the API, and only for those', () => {
    expect(Object.keys(METHOD_SCOPES).sort()).toEqual([...servedMethods].sort());
  });

  it('splits reads from writes', () => {
    expect(requiredScope('tender.v1.PaymentService/Charge')).toBe('payments:write');
    expect(requiredScope('tender.v1.PaymentService/RefundPayment')).toBe('refunds:write');
    expect(requiredScope('tender.v1.CustomerService/GetBalance')).toBe('customers:read');
    expect(requiredScope('tender.v1.OperationsService/GetDeclineLimits')).toBe('operations:read');
    expect(requiredScope('tender.v1.OperationsService/ResetDeclineLimits')).toBe('operations:write');
  });

  it('grants by scope or by "*", and refuses unknown methods to every key', () => {
    expect(mayCall(new Set(['payments:read']), 'tender.v1.PaymentService/GetPayment')).toBe(true);
    expect(mayCall(new Set(['payments:read']), 'tender.v1.PaymentService/Charge')).toBe(false);
    expect(mayCall(new Set(['*']), 'tender.v1.PaymentService/Charge')).toBe(true);
    expect(mayCall(new Set(['*']), 'tender.v1.PaymentService/Unknown')).toBe(false);
    expect(mayCall(new Set(['*']), 'toString')).toBe(false);
  });
});
