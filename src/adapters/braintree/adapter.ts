import { TenderError } from '../../core/errors.js';
import type { ProcessorAdapter } from '../../core/processor-port.js';
import type { Capability } from '../../core/types.js';
import type { BraintreeDeps } from './calls.js';
import { createBraintreeClient, type BraintreeClientSettings } from './client.js';
import { customerOperations } from './customers.js';
import { hostedPaymentOperations } from './hosted-payment.js';
import { paymentOperations } from './payments.js';
import { subscriptionOperations } from './subscriptions.js';
import { webhookOperation } from './webhooks.js';

export interface BraintreeAdapterSettings extends BraintreeClientSettings {
  /** Region for phone numbers Braintree holds without a country code. Default US. */
  phoneRegion?: string;
  /** The merchant account to charge; default: the merchant's default account. */
  merchantAccountId?: string;
  /** That merchant account's currency (Braintree sales have no currency field). Default USD. */
  currency?: string;
  /**
   * The store-and-pass-back custom field (Control Panel > Custom Fields) that holds
   * customer metadata as JSON. Default "tender_metadata"; '' keeps no metadata.
   */
  metadataCustomField?: string;
}

/**
 * What a Braintree account serves. Not declared: invoices and pay_invoice (Braintree
 * has none; GetBalance reports past-due subscription balances instead), payment_link
 * and payment_link_expiry (Braintree has no hosted payment link; Tender's own page is
 * 'tender_hosted_payment_page'), async_refund (a refund is accepted synchronously) and
 * payment_method_wallets.
 */
export const BRAINTREE_CAPABILITIES: ReadonlySet<Capability> = new Set<Capability>([
  'customer_search_phone',
  'customer_search_email',
  'customer_create',
  'saved_payment_methods',
  'off_session_charge',
  'refund',
  'partial_refund',
  'subscriptions',
  'subscription_proration',
  'subscription_cancel_at_period_end',
  'subscription_payment_method_change',
  'past_due_balance',
  'tender_hosted_payment_page',
]);

function unimplemented(capability: Capability, why: string): () => Promise<never> {
  return () => Promise.reject(new TenderError('unimplemented', `Braintree accounts do not support ${capability}: ${why}`));
}

/**
 * The Braintree adapter: one instance per Braintree merchant, on the official SDK.
 * Operations are grouped by concern; all of them translate through mapping.ts and
 * subscription-mapping.ts and turn failures into outcomes or TenderErrors in errors.ts.
 */
export function createBraintreeAdapter(settings: BraintreeAdapterSettings): ProcessorAdapter {
  const client = createBraintreeClient(settings);
  const deps: BraintreeDeps = {
    gateway: client.gateway,
    phoneRegion: settings.phoneRegion ?? 'US',
    currency: settings.currency ?? 'USD',
    metadataField: settings.metadataCustomField ?? 'tender_metadata',
    ...(settings.merchantAccountId ? { merchantAccountId: settings.merchantAccountId } : {}),
  };
  return {
    processor: 'braintree',
    capabilities: BRAINTREE_CAPABILITIES,
    ...customerOperations(deps),
    ...paymentOperations(deps),
    ...subscriptionOperations(deps),
    listOpenInvoices: unimplemented('invoices', 'Braintree keeps no invoices; see past-due subscription balances'),
    getInvoice: unimplemented('invoices', 'Braintree keeps no invoices'),
    payInvoice: unimplemented('pay_invoice', 'Braintree keeps no invoices; charge the amount instead'),
    createPaymentLink: unimplemented('payment_link', 'Braintree has no hosted payment link'),
    getPaymentLink: unimplemented('payment_link', 'Braintree has no hosted payment link'),
    hostedPayment: hostedPaymentOperations(deps),
    parseWebhook: webhookOperation(deps),
    async close() {
      client.close();
    },
  };
}
