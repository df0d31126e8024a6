import { TenderError } from '../../core/errors.js';
import type { ProcessorAdapter } from '../../core/processor-port.js';
import type { Capability } from '../../core/types.js';

type UnsupportedOperations = Pick<
  ProcessorAdapter,
  | 'listOpenInvoices'
  | 'getInvoice'
  | 'payInvoice'
  | 'listSubscriptions'
  | 'listPlans'
  | 'changeSubscriptionPlan'
  | 'cancelSubscription'
  | 'updateSubscriptionPaymentMethod'
>;

function refuse(capability: Capability): () => Promise<never> {
  return () =>
    Promise.reject(new TenderError('unimplemented', `${capability}: not available for Adyen accounts (Adyen Checkout has none)`));
}

/**
 * Adyen Checkout has no invoices and no subscriptions (recurring charges are the
 * merchant's own schedule of card-on-file payments), so these are refused by name,
 * never answered with an invented value (processor-port.ts).
 */
export const unsupportedOperations: UnsupportedOperations = {
  listOpenInvoices: refuse('invoices'),
  getInvoice: refuse('invoices'),
  payInvoice: refuse('pay_invoice'),
  listSubscriptions: refuse('subscriptions'),
  listPlans: refuse('subscriptions'),
  changeSubscriptionPlan: refuse('subscriptions'),
  cancelSubscription: refuse('subscriptions'),
  updateSubscriptionPaymentMethod: refuse('subscription_payment_method_change'),
};
