/**
 * What each RPC requires of the calling key. Read and write are split per area so a
 * voice agent that only looks things up can hold a key that cannot move money.
 * A method missing from the table is refused for every key, "*" included (fail
 * closed): a new RPC stays unreachable until someone decides its scope here.
 */

export const SCOPES = [
  'customers:read',
  'customers:write',
  'payments:read',
  'payments:write',
  'refunds:write',
  'subscriptions:read',
  'subscriptions:write',
  'accounts:read',
  'operations:read',
  'operations:write',
] as const;

export type Scope = (typeof SCOPES)[number];

/** Grants every scope in SCOPES. */
export const ALL_SCOPES = '*';

/** Keyed by full method name, as in CallContext.method. */
export const METHOD_SCOPES: Readonly<Record<string, Scope>> = {
  'tender.v1.CustomerService/FindCustomers': 'customers:read',
  'tender.v1.CustomerService/GetCustomer': 'customers:read',
  'tender.v1.CustomerService/ListPaymentMethods': 'customers:read',
  'tender.v1.CustomerService/GetBalance': 'customers:read',
  'tender.v1.CustomerService/CreateCustomer': 'customers:write',
  'tender.v1.PaymentService/GetPayment': 'payments:read',
  'tender.v1.PaymentService/GetPaymentLink': 'payments:read',
  'tender.v1.PaymentService/Charge': 'payments:write',
  'tender.v1.PaymentService/PayInvoice': 'payments:write',
  'tender.v1.PaymentService/CreatePaymentLink': 'payments:write',
  'tender.v1.PaymentService/RefundPayment': 'refunds:write',
  'tender.v1.SubscriptionService/ListSubscriptions': 'subscriptions:read',
  'tender.v1.SubscriptionService/ListPlans': 'subscriptions:read',
  'tender.v1.SubscriptionService/ChangeSubscriptionPlan': 'subscriptions:write',
  'tender.v1.SubscriptionService/CancelSubscription': 'subscriptions:write',
  'tender.v1.SubscriptionService/UpdateSubscriptionPaymentMethod': 'subscriptions:write',
  'tender.v1.AccountService/ListAccounts': 'accounts:read',
  'tender.v1.AccountService/DescribeAccount': 'accounts:read',
  'tender.v1.OperationsService/GetDeclineLimits': 'operations:read',
  'tender.v1.OperationsService/ResetDeclineLimits': 'operations:write',
};

export function isKnownScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

export function requiredScope(method: string): Scope | undefined {
  return Object.hasOwn(METHOD_SCOPES, method) ? METHOD_SCOPES[method] : undefined;
}

/** True when a key holding `granted` may call `method`. */
export function mayCall(granted: ReadonlySet<string>, method: string): boolean {
  const scope = requiredScope(method);
  if (scope === undefined) return false;
  return granted.has(ALL_SCOPES) || granted.has(scope);
}
