/**
 * The parts of the braintree 3.40.0 SDK that Tender calls and the fields of its
 * objects that Tender reads, and nothing more. The SDK turns Braintree's XML into
 * camelCase objects (lib/braintree/util.js): integers and booleans typed, datetimes
 * and decimal amounts left as strings, absent values null. @types/braintree describes
 * an older SDK (no `apiRequestKey`, a different search stream), so the adapter keeps
 * its own narrow description here; client.ts is the one place that casts to it.
 */

export interface WireCard {
  token: string | null;
  bin?: string | null;
  last4?: string | null;
  cardType?: string | null;
  expirationMonth?: string | null;
  expirationYear?: string | null;
  default?: boolean;
  customerId?: string | null;
  /** Braintree lists a card's subscriptions inside it (a subscription names no customer). */
  subscriptions?: WireSubscription[];
}

export interface WireCustomer {
  id: string;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  createdAt?: string | null;
  /** Store-and-pass-back custom fields, keys camelCased by the SDK; '' when none. */
  customFields?: Record<string, string> | string | null;
  creditCards?: WireCard[];
  applePayCards?: WireCard[];
  androidPayCards?: WireCard[];
}

export interface WireTransaction {
  id: string;
  status: string;
  type: string;
  amount: string;
  currencyIsoCode: string;
  orderId?: string | null;
  createdAt?: string | null;
  processorResponseCode?: string | null;
  processorResponseText?: string | null;
  processorResponseType?: string | null;
  processorSettlementResponseCode?: string | null;
  processorSettlementResponseText?: string | null;
  gatewayRejectionReason?: string | null;
  customer?: { id?: string | null } | null;
  creditCard?: { token?: string | null } | null;
  refundIds?: string[] | null;
  refundedTransactionId?: string | null;
  subscriptionId?: string | null;
}

export interface WirePlan {
  id: string;
  name?: string | null;
  price: string;
  currencyIsoCode?: string | null;
  billingFrequency?: number | null;
}

export interface WireSubscription {
  id: string;
  planId: string;
  price: string;
  balance?: string | null;
  status: string;
  paymentMethodToken: string;
  daysPastDue?: number | null;
  nextBillingDate?: string | null;
  billingPeriodEndDate?: string | null;
  currentBillingCycle?: number | null;
  numberOfBillingCycles?: number | null;
  neverExpires?: boolean | null;
  trialPeriod?: boolean | null;
  statusHistory?: Array<{ status: string; timestamp?: string | null }> | null;
  transactions?: WireTransaction[] | null;
}

export interface WireValidationError {
  attribute: string;
  code: string;
  message: string;
}

/** `success: false`: a validation error, or a processed but unsuccessful transaction. */
export interface WireErrorResult {
  success: false;
  message: string;
  errors: { deepErrors(): WireValidationError[] };
  transaction?: WireTransaction;
}

export type WireResult<K extends string, T> = ({ success: true } & { [key in K]: T }) | WireErrorResult;

export interface WireNotification {
  kind: string;
  timestamp?: string | null;
  subscription?: WireSubscription;
  transaction?: WireTransaction;
  disbursement?: { id: string; amount?: string | null; success?: boolean | null; transactionIds?: string[] | null };
  dispute?: { id: string };
}

/** A search field: text fields take is / endsWith, multiple-value fields `in`. */
export interface SdkSearchField {
  is(value: string): void;
  endsWith(value: string): void;
  in(values: string[]): void;
}

export type SdkSearch = (search: Record<string, () => SdkSearchField>) => void;

export interface SdkGateway {
  config: { timeout: number };
  customer: {
    find(id: string): Promise<WireCustomer>;
    create(attributes: Record<string, unknown>): Promise<WireResult<'customer', WireCustomer>>;
    search(build: SdkSearch): NodeJS.ReadableStream;
  };
  paymentMethod: { find(token: string): Promise<WireCard> };
  transaction: {
    sale(attributes: Record<string, unknown>): Promise<WireResult<'transaction', WireTransaction>>;
    find(id: string): Promise<WireTransaction>;
    refund(id: string, options: Record<string, unknown>): Promise<WireResult<'transaction', WireTransaction>>;
    void(id: string): Promise<WireResult<'transaction', WireTransaction>>;
    search(build: SdkSearch): NodeJS.ReadableStream;
  };
  subscription: {
    find(id: string): Promise<WireSubscription>;
    update(id: string, attributes: Record<string, unknown>): Promise<WireResult<'subscription', WireSubscription>>;
    cancel(id: string): Promise<WireResult<'subscription', WireSubscription>>;
  };
  plan: { all(): Promise<WirePlan[]> };
  clientToken: {
    generate(attributes: Record<string, unknown>): Promise<{ success: true; clientToken: string } | WireErrorResult>;
  };
  webhookNotification: { parse(signature: string, payload: string): Promise<WireNotification> };
}
