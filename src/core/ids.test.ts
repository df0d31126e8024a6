import { describe, expect, it } from 'vitest';
import { confirmationCode } from './confirmation-code.js';
import { formatId, parseId } from './ids.js';
import { normalizePhone } from './phone.js';
import { deriveProcessorKey } from './processor-key.js';

describe('ids', () => {
  it('round-trips and refuses malformed ids naming the field', () => {
    expect(parseId('customer_id', formatId('demo-stripe', 'cus_1'))).toEqual({ accountId: 'demo-stripe', localId: 'cus_1' });
    for (const bad of ['cus_1', ':cus_1', 'demo-stripe:', 'Demo:cus', 'a:b c']) {
      expect(() => parseId('customer_id', bad)).toThrow(/customer_id/);
    }
  });
});

describe('phone', () => {
  it('normalizes common formats to E.164 in the default region', () => {
    for (const input of ['(415) 555-0123', '415.555.0123', '+1 415 555 0123', '4155550123']) {
      expect(normalizePhone('phone', input, 'US')).toBe('+14155550123');
    }
    expect(normalizePhone('phone', '020 7946 0018', 'GB')).toBe('+442079460018');
    expect(() => normalizePhone('phone', '12', 'US')).toThrow(/phone/);
  });
});

describe('processor keys and confirmation codes', () => {
  it('derives stable, scoped, bounded processor keys', () => {
    const key = deriveProcessorKey('acme', 'Charge', 'k1');
    expect(key).toBe(deriveProcessorKey('acme', 'Charge', 'k1'));
    expect(key).not.toBe(deriveProcessorKey('other', 'Charge', 'k1'));
    expect(key).not.toBe(deriveProcessorKey('acme', 'RefundPayment', 'k1'));
    expect(deriveProcessorKey('acme', 'Charge', 'x'.repeat(255)).length).toBeLessThanOrEqual(64);
    expect(key).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('gives each payment a stable speakable code', () => {
    const code = confirmationCode('demo-stripe:pi_123');
    expect(code).toMatch(/^[34679ACDEFGHJKMNPQRTWXY]{3}-[34679ACDEFGHJKMNPQRTWXY]{3}$/);
    expect(confirmationCode('demo-stripe:pi_123')).toBe(code);
    expect(confirmationCode('demo-stripe:pi_124')).not.toBe(code);
  });
});
