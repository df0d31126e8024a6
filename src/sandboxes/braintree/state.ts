import { randomBytes } from 'node:crypto';
import { ApiRequestKeys } from './api-request-keys.js';
import { createClock, type SandboxClock } from './calendar.js';
import type {
  CardDetails,
  SandboxCreditCard,
  SandboxCustomer,
  SandboxPlan,
  SandboxSubscription,
  SandboxTransaction,
} from './records.js';
import { settleAll, settleTransaction } from './resources/settlement.js';
import type { SignedNotification } from './webhooks.js';

/** A nonce the sandbox issued (the client API of the hosted page): single use. */
export interface IssuedNonce {
  card: CardDetails;
  consumed: boolean;
}

/**
 * Everything the sandbox remembers for its one merchant. Maps keep insertion order,
 * which is creation order. Tests count and inspect objects here
 * (e.g. `state.transactions.size`) and move settlement along with `settle`/`settleAll`.
 */
export interface BraintreeState {
  readonly merchantId: string;
  readonly publicKey: string;
  readonly privateKey: string;
  /** The one merchant account; its currency is every transaction's currency. */
  readonly merchantAccountId: string;
  readonly currency: string;
  /** Custom fields defined in the "Control Panel"; others are refused (91602, 91526). */
  readonly customFields: ReadonlySet<string>;
  /**
   * Seconds a submitted transaction waits before it settles (0: at the next request).
   * Infinity leaves settlement to `settle`, `settleAll` and PUT .../settle.
   */
  settleAfterSeconds: number;
  /** Where the sandbox is reachable; client tokens point here. */
  baseUrl: string;
  customers: Map<string, SandboxCustomer>;
  creditCards: Map<string, SandboxCreditCard>;
  transactions: Map<string, SandboxTransaction>;
  plans: Map<string, SandboxPlan>;
  subscriptions: Map<string, SandboxSubscription>;
  nonces: Map<string, IssuedNonce>;
  clientTokens: Map<string, { customerId: string | null; createdAt: Date }>;
  apiRequestKeys: ApiRequestKeys;
  /** Every webhook notification the sandbox produced, signed, oldest first. */
  notifications: SignedNotification[];
  clock: SandboxClock;
  /** Settles one submitted transaction now. */
  settle(transactionId: string): SandboxTransaction;
  /** Settles every submitted transaction; returns how many. */
  settleAll(): number;
}

export interface StateOptions {
  merchantId: string;
  publicKey: string;
  privateKey: string;
  settleAfterSeconds: number;
  customFields: readonly string[];
}

export function createState(options: StateOptions): BraintreeState {
  const state: BraintreeState = {
    merchantId: options.merchantId,
    publicKey: options.publicKey,
    privateKey: options.privateKey,
    merchantAccountId: options.merchantId,
    currency: 'USD',
    customFields: new Set(options.customFields),
    settleAfterSeconds: options.settleAfterSeconds,
    baseUrl: '',
    customers: new Map(),
    creditCards: new Map(),
    transactions: new Map(),
    plans: new Map(),
    subscriptions: new Map(),
    nonces: new Map(),
    clientTokens: new Map(),
    apiRequestKeys: new ApiRequestKeys(),
    notifications: [],
    clock: createClock(),
    settle: (transactionId) => settleTransaction(state, transactionId),
    settleAll: () => settleAll(state),
  };
  return state;
}

const LOWER_ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Braintree-style ids: short, lower-case letters and digits (e.g. transaction "kx7m3b9a"). */
export function randomId(length: number, alphabet = LOWER_ALPHANUMERIC): string {
  let id = '';
  for (const byte of randomBytes(length)) id += alphabet[byte % alphabet.length];
  return id;
}
