import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { ChargeRequestSchema } from '../gen/tender/v1/payments_pb.js';
import { fingerprint } from './fingerprint.js';

const CHARGE = 'tender.v1.PaymentService/Charge';

interface ChargeFields {
  idempotencyKey: string;
  amount: bigint;
  description: string;
  invoiceId: string;
  metadata: Record<string, string>;
}

function charge(overrides: Partial<ChargeFields> = {}) {
  const fields: ChargeFields = {
    idempotencyKey: 'key-1', amount: 1250n, description: 'Service call', invoiceId: '',
    metadata: { work_order: 'WO-1', b: '2' }, ...overrides,
  };
  return create(ChargeRequestSchema, {
    idempotencyKey: fields.idempotencyKey,
    customerId: 'acct:cus_1',
    paymentMethodId: 'acct:pm_1',
    amount: { amount: fields.amount, currency: 'USD' },
    invoiceId: fields.invoiceId,
    description: fields.description,
    metadata: fields.metadata,
  });
}

describe('fingerprint', () => {
  // Stored records carry these digests: a change of the canonical form would make every
  // retry across a deploy a mismatch. The values were computed before any optimization.
  it('keeps its digests', () => {
    expect(fingerprint(CHARGE, charge())).toBe('a6dca71e4d2f8661a32f9706ab3a82e571f003e0b3c20744d5b734554c6420e3');
    const plain = { z: 'é', a: [1, 'two', { b: 2n, idempotencyKey: 'x' }], bytes: new Uint8Array([1, 2, 3]), none: null, missing: undefined };
    expect(fingerprint('m', plain)).toBe('3e3a3dfde29ce017ee80fe58e485ad87fad3fff0cb9ae4e13c10293e72762da4');
  });

  it('ignores the idempotency key and the order of map entries', () => {
    const first = fingerprint(CHARGE, charge());
    expect(fingerprint(CHARGE, charge({ idempotencyKey: 'key-2' }))).toBe(first);
    expect(fingerprint(CHARGE, charge({ metadata: { b: '2', work_order: 'WO-1' } }))).toBe(first);
  });

  it('tells apart requests that differ, and methods', () => {
    const first = fingerprint(CHARGE, charge());
    expect(fingerprint(CHARGE, charge({ amount: 1251n }))).not.toBe(first);
    expect(fingerprint(CHARGE, charge({ description: 'Service call.' }))).not.toBe(first);
    expect(fingerprint(CHARGE, charge({ metadata: { work_order: 'WO-1' } }))).not.toBe(first);
    expect(fingerprint('tender.v1.PaymentService/PayInvoice', charge())).not.toBe(first);
  });

  it('gives a decoded message the digest of the message it was encoded from', () => {
    const message = charge({ invoiceId: 'acct:in_1' });
    const decoded = fromBinary(ChargeRequestSchema, toBinary(ChargeRequestSchema, message));
    expect(fingerprint(CHARGE, decoded)).toBe(fingerprint(CHARGE, message));
  });

  it('gives the same digest whatever keys other messages of the type had', () => {
    const message = charge();
    const expected = fingerprint(CHARGE, message);
    const oddShape = { ...charge(), extra: 'field' };
    expect(fingerprint(CHARGE, oddShape)).not.toBe(expected);
    expect(fingerprint(CHARGE, message)).toBe(expected);
    expect(fingerprint(CHARGE, { ...charge(), extra: 'field' })).toBe(fingerprint(CHARGE, oddShape));
  });
});
