import type { StripeDeps } from './calls.js';
import { idOf } from './mapping.js';
import { TENDER_METADATA, type WireInvoice } from './wire.js';

/** One key per link: expiring it again (a retried payment, a second reader) is one request at Stripe. */
export function linkExpiryKey(sessionId: string): string {
  return `tender-link-expire-${sessionId}`;
}

/** Stripe's largest list page (docs.stripe.com/api/pagination). */
const PAGE_SIZE = 100;

/**
 * The payment is made and the caller waits for its answer: closing links must not hold
 * it for the SDK's full timeout and retries when Stripe is slow. A request that fails
 * within this is left to the duplicate refund.
 */
const BEST_EFFORT = { timeout: 5_000, maxNetworkRetries: 0 } as const;

/**
 * Once an invoice is paid, a link still open for it would take the same money again, so
 * every open one is expired: Checkout then refuses to take a payment on it
 * (docs.stripe.com/api/checkout/sessions/expire). Links for an invoice name the invoice's
 * customer (payment-links.ts), so the customer's open sessions are listed, every page,
 * and those carrying the invoice in metadata are expired, each under a key derived from
 * the session.
 *
 * This never fails the payment that was just made: the money has moved, and an error
 * would only invite the caller to pay again. Whatever stays open (Stripe unreachable, or a
 * link paid in the moment between the payment and its expiry) is caught when the link is
 * read: its payment is then a duplicate and is refunded (duplicate-link-payment.ts).
 * Nothing is logged here; Stripe's answers are not read at all beyond success.
 */
export async function expireInvoiceLinks(deps: StripeDeps, invoice: Pick<WireInvoice, 'id' | 'customer'>): Promise<void> {
  let open: string[];
  try {
    open = await openLinksFor(deps, invoice);
  } catch {
    return;
  }
  for (const sessionId of open) {
    try {
      await deps.stripe.checkout.sessions.expire(sessionId, {}, { ...BEST_EFFORT, idempotencyKey: linkExpiryKey(sessionId) });
    } catch {
      // Paid or expired meanwhile, or Stripe unreachable: the next link still gets its chance.
    }
  }
}

/**
 * The ids of the invoice's open links, all pages read before any is expired, so that
 * expiring one never moves the list under the cursor.
 */
async function openLinksFor(deps: StripeDeps, invoice: Pick<WireInvoice, 'id' | 'customer'>): Promise<string[]> {
  const customer = idOf(invoice.customer);
  if (!customer) return [];
  const open: string[] = [];
  const sessions = deps.stripe.checkout.sessions.list({ customer, status: 'open', limit: PAGE_SIZE }, BEST_EFFORT);
  for await (const session of sessions) {
    if (session.metadata?.[TENDER_METADATA.invoiceId] === invoice.id) open.push(session.id);
  }
  return open;
}
