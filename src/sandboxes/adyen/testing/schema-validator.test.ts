import { describe, expect, it } from 'vitest';
import { validate, type OpenApiDocument } from './schema-validator.js';
import { checkoutViolations, responseSchema, webhookViolations } from './specs.js';

const doc: OpenApiDocument = {
  components: {
    schemas: {
      Amount: { type: 'object', required: ['currency', 'value'], properties: { currency: { type: 'string', maxLength: 3 }, value: { type: 'integer', format: 'int64' } } },
      Redirect: { type: 'object', required: ['type'], properties: { type: { type: 'string', enum: ['redirect'] }, url: { type: 'string' } } },
      Await: { type: 'object', required: ['type'], properties: { type: { type: 'string', enum: ['await'] } } },
      Payment: {
        type: 'object',
        additionalProperties: false,
        properties: {
          amount: { $ref: '#/components/schemas/Amount' },
          action: { oneOf: [{ $ref: '#/components/schemas/Redirect' }, { $ref: '#/components/schemas/Await' }] },
          additionalData: { type: 'object', additionalProperties: { type: 'string' } },
          at: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
};

describe('schema validator', () => {
  it('accepts a valid value', () => {
    const value = { amount: { currency: 'USD', value: 1 }, action: { type: 'redirect', url: 'u' }, additionalData: { a: 'b' }, at: '2026-11-26T10:00:00Z' };
    expect(validate(doc, 'Payment', value)).toEqual([]);
  });

  it('reports each kind of violation with its path', () => {
    const value = { amount: { currency: 'USDX', value: 1.5 }, action: { type: 'nope' }, additionalData: { a: 1 }, at: 'yesterday', extra: true };
    expect(validate(doc, 'Payment', value).sort()).toEqual([
      '$.action: matches 0 of the oneOf branches',
      '$.additionalData.a: integer instead of string',
      '$.amount.currency: longer than 3',
      '$.amount.value: number instead of integer',
      '$.at: not a date-time',
      '$.extra: not declared by the schema',
    ]);
    expect(validate(doc, 'Amount', { value: 1 })).toEqual(['$.currency: required']);
  });

  it('in strict mode, reports fields a schema does not declare', () => {
    expect(validate(doc, 'Amount', { currency: 'USD', value: 1, note: 'x' })).toEqual([]);
    expect(validate(doc, 'Amount', { currency: 'USD', value: 1, note: 'x' }, { strict: true })).toEqual(['$.note: not declared by the schema']);
  });

  it("catches what Adyen's real schemas forbid", () => {
    expect(checkoutViolations(responseSchema('/payments', 'post', 200), { resultCode: 'Approved', refusalReasonCode: 12 }).sort()).toEqual([
      '$.refusalReasonCode: integer instead of string',
      '$.resultCode: "Approved" is not one of ["AuthenticationFinished","AuthenticationNotRequired","Authorised","Cancelled","ChallengeShopper","Error","IdentifyShopper","PartiallyAuthorised","Pending","PresentToShopper","Received","RedirectShopper","Refused","Success"]',
    ]);
    const body = { live: 'false', notificationItems: [{ NotificationRequestItem: { eventCode: 'REFUND', success: true } }] };
    expect(webhookViolations('REFUND', body)).toContain('$.notificationItems[0].NotificationRequestItem.success: boolean instead of string');
  });
});
