import type { PaymentLink, PaymentLinkStatus } from '../core/types.js';
import type { HostedLink } from '../store/payment-link-store.js';

/**
 * Where a Tender-held link stands, from what the store holds and the clock. The store
 * keeps only open, paying and completed; expiry and the failure cap are read here so
 * that a link never needs a write to expire.
 */
export type LinkCondition = 'open' | 'paying' | 'completed' | 'expired' | 'exhausted';

export function conditionOf(link: HostedLink, now: number, maxFailures: number): LinkCondition {
  if (link.state !== 'open') return link.state;
  if (link.expiresAt <= now) return 'expired';
  if (link.failures >= maxFailures) return 'exhausted';
  return 'open';
}

/**
 * The API's three statuses: a charge being confirmed is still OPEN (not paid yet, and
 * not to be paid again elsewhere), and a link that can no longer be paid, by time or by
 * too many declined cards, is EXPIRED.
 */
const API_STATUS: Readonly<Record<LinkCondition, PaymentLinkStatus>> = {
  open: 'open',
  paying: 'open',
  completed: 'completed',
  expired: 'expired',
  exhausted: 'expired',
};

/** The page's address: the public base URL and the id, nothing else. */
export function pageUrl(publicUrl: string, linkId: string): string {
  return `${publicUrl}/pay/${linkId}`;
}

export function linkView(link: HostedLink, publicUrl: string, condition: LinkCondition): PaymentLink {
  return {
    id: link.id,
    url: pageUrl(publicUrl, link.id),
    amount: { ...link.amount },
    status: API_STATUS[condition],
    expiresAt: new Date(link.expiresAt),
    customerId: link.customerId,
    invoiceId: '',
    paymentId: link.paymentId,
    description: link.description,
  };
}
