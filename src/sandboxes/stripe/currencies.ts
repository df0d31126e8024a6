import { invalidRequest } from './errors.js';

/**
 * Currencies the sandbox settles and Stripe's minimum charge in each, in minor units
 * (docs.stripe.com/currencies#minimum-and-maximum-charge-amounts: about 50 US cents).
 */
const MINIMUM_CHARGE: Readonly<Record<string, number>> = {
  usd: 50, aed: 200, aud: 50, brl: 50, cad: 50, chf: 50, czk: 1500, dkk: 250, eur: 50, gbp: 30,
  hkd: 400, huf: 17500, inr: 50, jpy: 50, mxn: 1000, myr: 200, nok: 300, nzd: 50, pln: 200,
  ron: 200, sek: 300, sgd: 50, thb: 1000,
};

/** Stripe's ceiling for one charge: eight digits of minor units. */
const MAXIMUM_CHARGE = 99_999_999;

const ZERO_DECIMAL = new Set(['jpy']);

/** Lower-cases a currency code, refusing ones the sandbox does not settle. */
export function requireCurrency(currency: string, param = 'currency'): string {
  const code = currency.toLowerCase();
  if (!Object.hasOwn(MINIMUM_CHARGE, code)) {
    throw invalidRequest(
      `Invalid currency: ${code}. Stripe currently supports these currencies: ${Object.keys(MINIMUM_CHARGE).join(', ')}`,
      { param },
    );
  }
  return code;
}

export function requireChargeableAmount(amount: number, currency: string, param = 'amount'): void {
  const minimum = MINIMUM_CHARGE[currency] ?? 50;
  if (amount < minimum) {
    throw invalidRequest(`Amount must be at least ${formatAmount(minimum, currency)} ${currency}`, {
      code: 'amount_too_small',
      param,
    });
  }
  if (amount > MAXIMUM_CHARGE) {
    throw invalidRequest(`Amount must be no more than ${formatAmount(MAXIMUM_CHARGE, currency)} ${currency}`, {
      code: 'amount_too_large',
      param,
    });
  }
}

/** Minor units as major units, e.g. 24700 usd -> "$247.00" (used in Stripe's messages). */
export function formatAmount(amount: number, currency: string): string {
  const symbol = currency === 'usd' ? '$' : currency === 'eur' ? '€' : currency === 'gbp' ? '£' : '';
  const major = ZERO_DECIMAL.has(currency) ? String(amount) : (amount / 100).toFixed(2);
  return `${symbol}${major}`;
}
