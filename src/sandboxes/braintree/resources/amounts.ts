import { currencyExponent, fromDecimalString } from '../../../core/money.js';
import { issue, type ValidationIssue } from '../errors.js';

/** 99,999,999.99: the largest amount the sandbox accepts (Braintree's own cap depends on the account). */
const MAX_MINOR = 9_999_999_999;

/**
 * Reads a decimal amount as Braintree validates it (Transaction.Amount* codes):
 * required 81502, not a number with at most the currency's decimals 81503, negative
 * 81501, zero 81531, too large 81528. Answers minor units or the issue.
 */
export function parseAmount(
  text: string | undefined,
  currency: string,
  scope: readonly string[],
): number | ValidationIssue {
  if (text === undefined || text.trim() === '') return issue(scope, '81502', 'amount', 'Amount is required.');
  const trimmed = text.trim();
  if (trimmed.startsWith('-') && /^-\d+(\.\d+)?$/.test(trimmed)) {
    return issue(scope, '81501', 'amount', 'Amount cannot be negative.');
  }
  const decimals = currencyExponent(currency);
  const pattern = decimals === 0 ? /^\d+$/ : new RegExp(`^\\d+(\\.\\d{1,${decimals}})?$`);
  if (!pattern.test(trimmed)) return issue(scope, '81503', 'amount', 'Amount is an invalid format.');
  const { amount } = fromDecimalString(trimmed, currency);
  if (amount === 0) return issue(scope, '81531', 'amount', 'Amount must be greater than zero.');
  if (amount > MAX_MINOR) return issue(scope, '81528', 'amount', 'Amount is too large.');
  return amount;
}
