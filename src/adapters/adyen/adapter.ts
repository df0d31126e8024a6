import type { ProcessorAdapter } from '../../core/processor-port.js';
import type { Capability } from '../../core/types.js';
import type { CustomerDirectory } from '../../store/customer-directory.js';
import type { PaymentLedger } from '../../store/payment-ledger.js';
import type { AdyenDeps } from './calls.js';
import { createAdyenCheckout, type AdyenClientSettings } from './client.js';
import { customerOperations } from './customers.js';
import { PAYMENT_LINK_EXPIRY_BOUNDS, paymentLinkOperations } from './payment-links.js';
import { paymentOperations } from './payments.js';
import { unsupportedOperations } from './unsupported.js';
import { webhookParser } from './webhooks.js';

export interface AdyenAdapterSettings extends AdyenClientSettings {
  merchantAccount: string;
  /** HMAC key of the standard-notification webhook (hex); without it, webhooks are not handled. */
  hmacKeyHex?: string;
  /** The previous HMAC key, accepted as well while a key rotation is under way. */
  previousHmacKeyHex?: string;
  /** Tender's customer records (Adyen has no customer objects). */
  directory: CustomerDirectory;
  /**
   * Tender's record of this account's payments (Adyen has no payment lookup): shared by
   * every Tender instance, so any of them can read and refund a payment another made.
   */
  ledger: PaymentLedger;
  /** The Tender account this adapter serves: the directory's and the ledger's partition. */
  accountId: string;
  /** Accepted for symmetry with the other adapters: directory phones are already E.164. */
  phoneRegion?: string;
  /** Required by Checkout v72 on every payment; a card-on-file charge never redirects to it. */
  returnUrl?: string;
  /** The merchant account captures after a delay (Customer Area): full refunds before capture are cancels. */
  captureDelayed?: boolean;
}

/**
 * What an Adyen account can do through Tender. No invoices, no subscriptions (Adyen
 * Checkout has neither); refunds are asynchronous (`async_refund`: pending until
 * Adyen's notification); wallets are not listed, only stored cards; and no hosted
 * payment page (Pay by Link is Adyen's own).
 */
export const ADYEN_CAPABILITIES: ReadonlySet<Capability> = new Set<Capability>([
  'customer_search_phone',
  'customer_search_email',
  'customer_create',
  'saved_payment_methods',
  'off_session_charge',
  'refund',
  'partial_refund',
  'async_refund',
  'payment_link',
  'payment_link_expiry',
]);

/** A reserved name (RFC 2606): Checkout requires a return URL, and a payer on the phone needs none. */
const DEFAULT_RETURN_URL = 'https://checkout.invalid/tender/return';

/**
 * The Adyen adapter: one instance per Adyen merchant account, on @adyen/api-library
 * (Checkout v72) through its own transport pointed at `baseUrl`. Operations are grouped
 * by concern; all of them translate through mapping.ts and turn failures into outcomes
 * or TenderErrors in errors.ts.
 */
export function createAdyenAdapter(settings: AdyenAdapterSettings): ProcessorAdapter {
  const { ledger } = settings;
  const captureDelayed = settings.captureDelayed ?? false;
  const deps: AdyenDeps = {
    checkout: createAdyenCheckout(settings),
    merchantAccount: settings.merchantAccount,
    directory: settings.directory,
    accountId: settings.accountId,
    ledger,
    returnUrl: settings.returnUrl ?? DEFAULT_RETURN_URL,
    captureDelayed,
  };
  const adapter: ProcessorAdapter = {
    processor: 'adyen',
    capabilities: ADYEN_CAPABILITIES,
    paymentLinkExpiryBounds: PAYMENT_LINK_EXPIRY_BOUNDS,
    ...customerOperations(deps),
    ...paymentOperations(deps),
    ...paymentLinkOperations(deps),
    ...unsupportedOperations,
    // Each request builds and drops its own agent (the SDK's transport): nothing pooled to release.
    async close() {},
  };
  if (settings.hmacKeyHex) {
    adapter.parseWebhook = webhookParser({
      hmacKeyHex: settings.hmacKeyHex,
      ...(settings.previousHmacKeyHex ? { previousHmacKeyHex: settings.previousHmacKeyHex } : {}),
      ledger,
      accountId: settings.accountId,
      captureDelayed,
    });
  }
  return adapter;
}
