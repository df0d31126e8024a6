import { answer, type ApiCall, type ApiResult } from '../api-call.js';
import { issue, notFound, transactionFailure, validationFailure, type ValidationIssue } from '../errors.js';
import type { Params } from '../params.js';
import type { SandboxTransaction } from '../records.js';
import type { BraintreeState } from '../state.js';
import { consumeNonce, nonceIssue, resolveNonce } from '../test-nonces.js';
import { parseAmount } from './amounts.js';
import { failureMessage, recordCharge, succeeded } from './charges.js';
import { chargedCard, uniqueNumberIdentifier, vaultCard } from './credit-cards.js';
import { createCustomerRecord } from './customers.js';
import { matchesSearch, searchOf, searchPage, searchResults } from './search.js';
import { renderTransaction } from './transaction-xml.js';

const SCOPE = ['transaction'];

/**
 * POST /transactions (type sale). Validation first (nothing is stored when it fails),
 * then the charge, which is stored whatever its outcome: approved answers 201 with the
 * transaction, declined / rejected / failed answer an api-error-response carrying it.
 * A nonce is consumed by use; with `store_in_vault(_on_success)` the card is vaulted on
 * the customer (a new customer when none is named), as Braintree does.
 */
export function sale(call: ApiCall): ApiResult {
  const { state } = call;
  const params = call.body.child('transaction');
  const options = params.child('options');
  const issues: ValidationIssue[] = [];
  if (params.string('type') !== 'sale') issues.push(issue(SCOPE, '91523', 'type', 'Transaction type is invalid.'));
  const amount = parseAmount(params.string('amount'), state.currency, SCOPE);
  if (typeof amount !== 'number') issues.push(amount);
  const customerId = params.string('customer_id') ?? null;
  if (customerId !== null && !state.customers.has(customerId)) {
    issues.push(issue(SCOPE, '91510', 'customer_id', 'Customer ID is invalid.'));
  }
  const source = paymentSource(state, params, customerId, issues);
  if ((params.string('order_id') ?? '').length > 255) issues.push(issue(SCOPE, '91501', 'order_id', 'Order ID is too long.'));
  const merchantAccountId = params.string('merchant_account_id');
  if (merchantAccountId !== undefined && merchantAccountId !== state.merchantAccountId) {
    issues.push(issue(SCOPE, '91513', 'merchant_account_id', 'Merchant account ID is invalid.'));
  }
  for (const name of params.child('custom_fields').keys()) {
    if (!state.customFields.has(name)) issues.push(issue(SCOPE, '91526', 'custom_fields', `Custom field is invalid: ${name}.`));
  }
  if (issues.length > 0 || typeof amount !== 'number' || !source) throw validationFailure(issues, call.body.raw());

  const nonce = params.string('payment_method_nonce');
  if (nonce !== undefined) consumeNonce(state, nonce);
  const tx = recordCharge(state, {
    amount,
    card: source.card,
    customerId: source.customerId,
    orderId: params.string('order_id') ?? null,
    submitForSettlement: options.boolean('submit_for_settlement') === true,
  });
  if (!succeeded(tx)) throw transactionFailure(renderTransaction(state, tx), failureMessage(tx), call.body.raw());
  const vault = options.boolean('store_in_vault_on_success') === true || options.boolean('store_in_vault') === true;
  if (nonce !== undefined && vault) {
    const owner = tx.customerId ?? createCustomerRecord(state, {}).id;
    const card = vaultCard(state, owner, source.card);
    tx.customerId = owner;
    tx.card = { ...tx.card, token: card.token };
  }
  return answer('transaction', renderTransaction(state, tx), 201);
}

interface PaymentSource {
  card: SandboxTransaction['card'];
  customerId: string | null;
}

function paymentSource(
  state: BraintreeState,
  params: Params,
  customerId: string | null,
  issues: ValidationIssue[],
): PaymentSource | undefined {
  const token = params.string('payment_method_token');
  const nonce = params.string('payment_method_nonce');
  if (token !== undefined && nonce !== undefined) {
    issues.push(issue(SCOPE, '91515', 'base', 'Cannot provide more than one payment method.'));
    return undefined;
  }
  if (token !== undefined) {
    const card = state.creditCards.get(token);
    if (!card) {
      issues.push(issue(SCOPE, '91518', 'payment_method_token', 'Payment method token is invalid.'));
      return undefined;
    }
    if (customerId !== null && state.customers.has(customerId) && card.customerId !== customerId) {
      issues.push(issue(SCOPE, '91516', 'payment_method_token', 'Payment method does not belong to the customer.'));
      return undefined;
    }
    return { card: chargedCard(card), customerId: card.customerId };
  }
  if (nonce !== undefined) {
    const resolved = resolveNonce(state, nonce);
    if ('problem' in resolved) {
      issues.push(nonceIssue(resolved.problem, 'transaction'));
      return undefined;
    }
    return {
      card: { ...resolved.card, token: null, uniqueNumberIdentifier: uniqueNumberIdentifier(resolved.card) },
      customerId,
    };
  }
  issues.push(issue(SCOPE, '91508', 'base', 'Cannot determine payment method.'));
  return undefined;
}

export function transactionOf(state: BraintreeState, id: string): SandboxTransaction {
  const tx = state.transactions.get(id);
  if (!tx) throw notFound();
  return tx;
}

export function findTransaction(call: ApiCall): ApiResult {
  return answer('transaction', renderTransaction(call.state, transactionOf(call.state, call.pathParams.id ?? '')));
}

export function searchTransactionIds(call: ApiCall): ApiResult {
  return answer('search-results', searchResults(matchingTransactions(call).map((tx) => tx.id)));
}

export function searchTransactions(call: ApiCall): ApiResult {
  const page = matchingTransactions(call).map((tx) => renderTransaction(call.state, tx));
  return answer('credit-card-transactions', searchPage('transaction', page));
}

function matchingTransactions(call: ApiCall): SandboxTransaction[] {
  const search = searchOf(call.body);
  return [...call.state.transactions.values()].filter((tx) =>
    matchesSearch(search, (field) => {
      const fields: Record<string, string | number | null> = {
        id: tx.id,
        order_id: tx.orderId,
        customer_id: tx.customerId,
        payment_method_token: tx.card.token,
        status: tx.status,
        type: tx.type,
        amount: tx.amount / 100,
      };
      return fields[field];
    }),
  );
}
