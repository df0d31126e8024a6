import type { ProcessorAdapter } from '../../core/processor-port.js';
import type { DeclineReason } from '../../core/types.js';

/**
 * What one processor's contract run needs: an adapter wired to that processor's
 * sandbox, the sandbox's seeded data, and the sandbox's test levers. Every adapter
 * (Stripe, Braintree, Adyen) provides one of these and runs the same suite.
 */
export interface ContractFixture {
  /**
   * Built with a short request timeout (about a second) so that the timeout test is
   * quick; everything else answers in milliseconds on 127.0.0.1.
   */
  adapter: ProcessorAdapter;
  seeded: SeededData;
  /** A saved method per neutral reason the processor can produce: charging it declines with that reason. */
  decliningMethods: Partial<Record<DeclineReason, ChargeTarget>>;
  /** A saved method whose off-session charge needs cardholder authentication, when the sandbox has one. */
  authenticationRequiredMethod?: ChargeTarget;
  /** Payments the sandbox holds right now (every attempt, declined ones included). */
  countPayments(): number;
  /**
   * Breaks the processor's payment-creating endpoint for the next requests:
   * `lost_response` processes the request and drops the connection before answering;
   * `timeout` answers later than the adapter waits. Stays until `clearFaults`.
   */
  injectFault(fault: ContractFault): void;
  /** How long after injection a faulted request may still be running at the sandbox. */
  faultSettleMs: number;
  clearFaults(): void;
  close(): Promise<void>;
}

export type ContractFault = 'lost_response' | 'timeout';

export interface ChargeTarget {
  customerId: string;
  paymentMethodId: string;
}

export interface SeededData {
  /** E.164 phone of exactly one seeded customer, `customerId`. */
  phone: string;
  email: string;
  customerId: string;
  /** A phone two or more seeded customers share, for disambiguation. */
  sharedPhone?: { phone: string; customerIds: string[] };
  /** `customerId`'s default method, which charges successfully. */
  defaultPaymentMethodId: string;
  defaultCard: { brand: string; last4: string; expMonth: number; expYear: number };
  /** Currency the sandbox accepts for test charges, e.g. "USD". */
  currency: string;
  /** An open invoice of `customerId`, payable with the default method (pay_invoice). */
  openInvoiceId?: string;
  /** An active subscription of `customerId` and a plan it can move to (subscriptions). */
  subscriptionId?: string;
  otherPlanId?: string;
}
