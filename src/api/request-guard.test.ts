import { create } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { CreateCustomerRequestSchema } from '../gen/tender/v1/customers_pb.js';
import { ChargeRequestSchema } from '../gen/tender/v1/payments_pb.js';
import { TenderError } from '../core/errors.js';
import { guardRequest } from './request-guard.js';

function refusal(message: object): TenderError {
  try {
    guardRequest(message);
  } catch (error) {
    return error as TenderError;
  }
  throw new Error('expected a refusal');
}

describe('guardRequest', () => {
  it('refuses card numbers in any string field, naming the field without echoing the value', () => {
    const cases: Array<[object, string]> = [
      [create(ChargeRequestSchema, { description: 'card 4242 4242 4242 4242 please' }), 'description'],
      [create(ChargeRequestSchema, { metadata: { note: '4000-0000-0000-9995' } }), 'metadata["note"]'],
      [create(ChargeRequestSchema, { amount: { currency: '5555555555554444' } }), 'amount.currency'],
      [create(CreateCustomerRequestSchema, { name: '378282246310005' }), 'name'],
    ];
    for (const [message, field] of cases) {
      const error = refusal(message);
      expect(error.code).toBe('invalid_argument');
      expect(error.field).toBe(field);
      expect(error.message).not.toMatch(/\d{4}/);
    }
  });

  it('lets ordinary digits through: phone numbers, invoice numbers, non-Luhn runs', () => {
    expect(() => guardRequest(create(CreateCustomerRequestSchema, { name: 'Jordan', phone: '+1 415 555 0123' }))).not.toThrow();
    expect(() => guardRequest(create(ChargeRequestSchema, { description: 'order 4242424242424241' }))).not.toThrow();
  });

  it('bounds strings and metadata', () => {
    expect(refusal(create(CreateCustomerRequestSchema, { name: 'x'.repeat(201) })).field).toBe('name');
    const metadata = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v']));
    expect(refusal(create(ChargeRequestSchema, { metadata })).field).toBe('metadata');
  });
});

describe('idempotency keys', () => {
  it('accept digit runs that pass the Luhn check, since the key never leaves Tender in clear', () => {
    expect(() => guardRequest(create(ChargeRequestSchema, { idempotencyKey: '4242424242424242' }))).not.toThrow();
    expect(() => guardRequest(create(ChargeRequestSchema, { idempotencyKey: 'x'.repeat(256) }))).toThrow(/idempotency_key/);
  });
});
