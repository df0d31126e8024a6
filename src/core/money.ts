import { invalidField } from './errors.js';
import type { Money } from './types.js';

/**
 * ISO 4217 minor-unit exponents that are not 2. Every other code that the runtime's
 * ICU data knows as a currency has two decimals. Kept explicit because ICU's display
 * digits differ from ISO 4217 for some codes (for example ICU shows 0 digits for IDR
 * and HUF where ISO 4217 has 2), and processors follow ISO 4217.
 */
const EXPONENTS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0,
  UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

const KNOWN = new Set<string>(Intl.supportedValuesOf('currency'));

/**
 * The largest amount Tender accepts in one request, in minor units. Processors cap a
 * single charge at eight digits (Stripe: 99,999,999 of the minor unit), and staying far
 * below 2^53 keeps every amount exact as a JavaScript number.
 */
export const MAX_AMOUNT = 99_999_999;

export function isKnownCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && KNOWN.has(code);
}

/** Digits after the decimal point in the currency's minor unit: JPY 0, USD 2, KWD 3. */
export function currencyExponent(code: string): number {
  return EXPONENTS[code] ?? 2;
}

/**
 * Checks an API Money message and turns it into the neutral type. `amount` arrives as
 * a bigint (int64 on the wire).
 */
export function parseMoney(field: string, value: { amount: bigint; currency: string }): Money {
  const currency = value.currency;
  if (currency === '') throw invalidField(`${field}.currency`, 'required (ISO 4217 code, e.g. USD)');
  if (!isKnownCurrency(currency)) {
    throw invalidField(`${field}.currency`, 'must be an upper-case ISO 4217 code, e.g. USD');
  }
  if (value.amount <= 0n) throw invalidField(`${field}.amount`, 'must be positive (minor units)');
  if (value.amount > BigInt(MAX_AMOUNT)) {
    throw invalidField(`${field}.amount`, `must be at most ${MAX_AMOUNT} minor units`);
  }
  return { amount: Number(value.amount), currency };
}

/** "12.50" for 1250 USD, "1250" for 1250 JPY, "1.250" for 1250 KWD. */
export function toDecimalString(money: Money): string {
  const exponent = currencyExponent(money.currency);
  if (exponent === 0) return String(money.amount);
  const digits = String(money.amount).padStart(exponent + 1, '0');
  return `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** Inverse of toDecimalString; throws on more decimals than the currency has. */
export function fromDecimalString(text: string, currency: string): Money {
  const exponent = currencyExponent(currency);
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match || (match[2] ?? '').length > exponent) {
    throw new Error(`not a ${currency} amount: ${text}`);
  }
  const fraction = (match[2] ?? '').padEnd(exponent, '0');
  return { amount: Number(`${match[1]}${fraction}`), currency };
}

/** What an agent says: "$247.00", "¥1,250", "KWD 1.250". */
export function formatMoney(money: Money, locale = 'en-US'): string {
  const exponent = currencyExponent(money.currency);
  return currencyFormat(locale, money.currency, exponent).format(money.amount / 10 ** exponent);
}

/**
 * Building an Intl.NumberFormat costs ICU far more than formatting with one (around a
 * tenth of a millisecond, on every payment answer), so each locale and currency pair's
 * formatter is built once. Pairs are bounded: a handful of locales, ISO 4217 codes.
 */
const currencyFormats = new Map<string, Intl.NumberFormat>();

function currencyFormat(locale: string, currency: string, exponent: number): Intl.NumberFormat {
  const key = `${locale}\0${currency}`;
  let format = currencyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    });
    currencyFormats.set(key, format);
  }
  return format;
}
