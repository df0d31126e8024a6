import apiExceptionModule from '@adyen/api-library/lib/src/services/exception/apiException.js';
import { describe, expect, it } from 'vitest';
import { TenderError } from '../../core/errors.js';
import type { Payment, Refund } from '../../core/types.js';
import { outcomeOfAdyenError, scrub } from './errors.js';
import { HttpClientException } from './sdk.js';

/**
 * The SDK's own exception classes, built as its transport builds them. ApiException is
 * not exported by the package index; its module is CommonJS with an `__esModule` default.
 */
type ApiExceptionClass = typeof apiExceptionModule.default;
const ApiException: ApiExceptionClass =
  (apiExceptionModule as unknown as { default?: ApiExceptionClass }).default ?? (apiExceptionModule as unknown as ApiExceptionClass);

function httpFailure(status: number, errorCode: string, message = 'Adyen says no', headers: Record<string, string> = {}) {
  const apiError = { status, errorCode, message, errorType: 'validation' };
  return new HttpClientException({
    message: `HTTP Exception: ${status}. ${message}`, statusCode: status, errorCode, responseHeaders: headers,
    responseBody: JSON.stringify(apiError), apiError,
  });
}

const attempted: Payment = {
  id: '', customerId: 'shopper_1', paymentMethodId: 'spm_1', invoiceId: '', amount: { amount: 100, currency: 'USD' },
  status: 'outcome_unknown', amountRefunded: { amount: 0, currency: 'USD' }, description: '',
};
const attemptedRefund: Refund = {
  id: '', paymentId: 'PSP', amount: { amount: 100, currency: 'USD' }, status: 'outcome_unknown', reason: 'other', method: 'refund',
};
const payment = { kind: 'payment', attempted } as const;

describe('outcomeOfAdyenError', () => {
  it.each([
    ['a timeout', new ApiException('socket hang up')],
    ['a refused connection', new ApiException('connect ECONNREFUSED 127.0.0.1:9')],
    ['a body cut short', new Error('The connection was terminated while the message was still being sent')],
    ['a 500', httpFailure(500, '99_500')],
    ['a 503', httpFailure(503, '000')],
    ['a key still in flight', httpFailure(422, '704', 'request already processed or in progress', { 'transient-error': 'true' })],
  ])('%s leaves a charge outcome_unknown, never declined', (_name, error) => {
    expect(outcomeOfAdyenError(error, payment)).toEqual({ ...attempted, status: 'outcome_unknown' });
    expect(outcomeOfAdyenError(error, { kind: 'refund', attempted: attemptedRefund })).toMatchObject({ status: 'outcome_unknown' });
  });

  it('the same failures on a read are unavailable, on a write unavailable with processorReached', () => {
    const read = outcomeOfAdyenError(new ApiException('socket hang up'), { kind: 'read' });
    expect(read).toMatchObject({ code: 'unavailable', processorReached: false });
    expect(outcomeOfAdyenError(httpFailure(500, '99_500'), { kind: 'write' })).toMatchObject({ code: 'unavailable', processorReached: true });
  });

  it.each([
    [httpFailure(422, '704'), 'failed_precondition', undefined],
    [httpFailure(422, '803', 'PaymentDetail not found'), 'not_found', 'payment_method_id'],
    [httpFailure(422, '167', 'Original pspReference required'), 'not_found', 'payment_id'],
    [httpFailure(404, '000', 'Not Found'), 'not_found', undefined],
    [httpFailure(422, '137', 'Invalid amount specified'), 'invalid_argument', 'amount.amount'],
    [httpFailure(422, '138', 'Unsupported currency specified'), 'invalid_argument', 'amount.currency'],
    [httpFailure(422, '14_030', 'Return URL is missing.'), 'invalid_argument', undefined],
    [httpFailure(401, '000', 'Unauthorized'), 'unavailable', undefined],
    [httpFailure(403, '901', 'Invalid Merchant Account'), 'unavailable', undefined],
    [httpFailure(429, '000'), 'unavailable', undefined],
  ])('%#: Adyen error maps to %s', (error, code, field) => {
    const outcome = outcomeOfAdyenError(error, payment);
    expect(outcome).toBeInstanceOf(TenderError);
    expect(outcome).toMatchObject({ code, field });
  });

  it('a missing API key (refused by the SDK itself) is unavailable; an unexpected bug on a read is internal', () => {
    expect(outcomeOfAdyenError(new ApiException('Invalid X-API-Key was used', 401), payment)).toMatchObject({ code: 'unavailable' });
    expect(outcomeOfAdyenError(new TypeError('x is undefined'), { kind: 'read' })).toMatchObject({ code: 'internal' });
  });

  it('passes a TenderError through unchanged', () => {
    const error = new TenderError('deadline_exceeded', 'late');
    expect(outcomeOfAdyenError(error, payment)).toBe(error);
  });

  it('never repeats an API key or a card number from Adyen wording', () => {
    const outcome = outcomeOfAdyenError(httpFailure(422, '000', 'key AQE1234567890abcdefXYZ card 4111 1111 1111 1111'), { kind: 'write' });
    expect((outcome as TenderError).message).not.toMatch(/AQE1234|4111 1111/);
    expect(scrub('4242424242424242 and AQEabcdefghijk')).toBe('[redacted number] and [redacted key]');
  });
});
