import type { ProcessorAdapter } from '../../core/processor-port.js';
import type { Capability } from '../../core/types.js';
import type { StripeDeps } from './calls.js';
import { createStripeClient, type StripeClientSettings } from './client.js';
import { customerOperations } from './customers.js';
import { CHECKOUT_EXPIRY_BOUNDS, paymentLinkOperations } from './payment-links.js';
import { paymentOperations } from './payments.js';
import { subscriptionOperations } from './subscriptions.js';
import { webhookParser } from './webhooks.js';

export interface StripeAdapterSettings extends StripeClientSettings {
  /** Where Stripe Checkout sends the payer after paying a link. */
  checkoutSuccessUrl?: string;
  /** Region for phone numbers Stripe holds without a country code. Default US. */
  phoneRegion?: string;
  /** The webhook endpoint's signing secret (`whsec_...`); without it, webhooks are not handled. */
  webhookSecret?: string;
}

/**
 * Stripe refunds cards synchronously (a refund is `succeeded` or `pending` at once,
 * with no webhook needed to learn the result), so `async_refund` is the one capability
 * it does not declare.
 */
export const STRIPE_CAPABILITIES: ReadonlySet<Capability> = new Set<Capability>([
  'customer_search_phone',
  'customer_search_email',
  'customer_create',
  'saved_payment_methods',
  'invoices',
  'off_session_charge',
  'pay_invoice',
  'refund',
  'partial_refund',
  'payment_link',
  'payment_link_expiry',
  'subscriptions',
  'subscription_proration',
  'subscription_cancel_at_period_end',
  'subscription_payment_method_change',
  'payment_method_wallets',
]);

/** A reserved name (RFC 2606): Checkout requires some URL, and a payer on the phone needs none. */
const DEFAULT_CHECKOUT_SUCCESS_URL = 'https://checkout.invalid/tender/paid';

/**
 * The Stripe adapter: one instance per Stripe account. Operations are grouped by
 * concern (customers, payments, payment links, subscriptions); all of them translate
 * through mapping.ts and turn failures into outcomes or TenderErrors in errors.ts.
 */
export function createStripeAdapter(settings: StripeAdapterSettings): ProcessorAdapter {
  const client = createStripeClient(settings);
  const deps: StripeDeps = {
    stripe: client.api,
    phoneRegion: settings.phoneRegion ?? 'US',
    checkoutSuccessUrl: settings.checkoutSuccessUrl ?? DEFAULT_CHECKOUT_SUCCESS_URL,
  };
  const adapter: ProcessorAdapter = {
    processor: 'stripe',
    capabilities: STRIPE_CAPABILITIES,
    paymentLinkExpiryBounds: CHECKOUT_EXPIRY_BOUNDS,
    ...customerOperations(deps),
    ...paymentOperations(deps),
    ...paymentLinkOperations(deps),
    ...subscriptionOperations(deps),
    async close() {
      client.close();
    },
  };
  if (settings.webhookSecret) adapter.parseWebhook = webhookParser(deps, settings.webhookSecret);
  return adapter;
}
