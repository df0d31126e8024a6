import { describe, expect, it } from 'vitest';
import { TenderError } from './errors.js';
import { currencyExponent, formatMoney, fromDecimalString, parseMoney, toDecimalString } from './money.js';

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TenderError);
    expect((error as TenderError).code).toBe('invalid_argument');
    return (error as TenderError).field;
  }
  throw new Error('expected a TenderError');
}

describe('money', () => {
  it('knows ISO 4217 exponents', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('KWD')).toBe(3);
  });

  it('parses valid money and refuses bad amounts and currencies naming the field', () => {
    expect(parseMoney('amount', { amount: 24700n, currency: 'USD' })).toEqual({ amount: 24700, currency: 'USD' });
    expect(fieldOf(() => parseMoney('amount', { amount: 0n, currency: 'USD' }))).toBe('amount.amount');
    expect(fieldOf(() => parseMoney('amount', { amount: -5n, currency: 'USD' }))).toBe('amount.amount');
    expect(fieldOf(() => parseMoney('amount', { amount: 10n ** 12n, currency: 'USD' }))).toBe('amount.amount');
    expect(fieldOf(() => parseMoney('amount', { amount: 100n, currency: 'usd' }))).toBe('amount.currency');
    expect(fieldOf(() => parseMoney('amount', { amount: 100n, currency: 'XYZ' }))).toBe('amount.currency');
    expect(fieldOf(() => parseMoney('amount', { amount: 100n, currency: '' }))).toBe('amount.currency');
  });

  it('converts to and from decimal strings by exponent', () => {
    expect(toDecimalString({ amount: 24700, currency: 'USD' })).toBe('247.00');
    expect(toDecimalString({ amount: 5, currency: 'USD' })).toBe('0.05');
    expect(toDecimalString({ amount: 1250, currency: 'JPY' })).toBe('1250');
    expect(toDecimalString({ amount: 1250, currency: 'KWD' })).toBe('1.250');
    expect(fromDecimalString('247.00', 'USD')).toEqual({ amount: 24700, currency: 'USD' });
    expect(fromDecimalString('1.25', 'KWD')).toEqual({ amount: 1250, currency: 'KWD' });
    expect(() => fromDecimalString('1.5', 'JPY')).toThrow();
  });

  it('formats for speech', () => {
    expect(formatMoney({ amount: 24700, currency: 'USD' })).toBe('$247.00');
    expect(formatMoney({ amount: 1250, currency: 'JPY' })).toBe('¥1,250');
  });
});
