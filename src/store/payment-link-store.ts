import type { Money } from '../core/types.js';

/**
 * Payment links Tender holds itself, for processors that have no hosted payment link
 * (Braintree): the link is a page Tender serves (src/http/pay-page/), and the store is
 * what makes its charge happen exactly once across every Tender instance.
 *
 * A link moves open -> paying -> completed. `claim` is the one compare-and-set that
 * lets a charge begin; whoever holds the claim's token is the only one allowed to
 * charge and to `finish`. A decline sends the link back to open (a decline is not a
 * use), an unknown outcome keeps it paying with its lease ended, so that the next claim
 * resumes it and re-sends the same charge under the same processor key
 * (payments-domain.md, "Timeouts are not declines").
 *
 * Nothing here is card data. The nonce is the processor's single-use token for a card
 * the browser sent straight to the processor; it is kept only while its charge is
 * unsettled, so that a resumed charge re-sends exactly the same request, and is removed
 * when the charge finishes. `get` never returns it.
 */

export type HostedLinkState = 'open' | 'paying' | 'completed';

/** What the link is: fixed when it is created. */
export interface NewHostedLink {
  /** Unguessable (src/links/link-id.ts): it is the only secret in the page's URL. */
  id: string;
  tenant: string;
  accountId: string;
  /** Locked: the page charges exactly this. */
  amount: Money;
  /** The processor's customer id, or '' for a guest payment. */
  customerId: string;
  description: string;
  /** Vault the card on the customer when the charge succeeds. */
  savePaymentMethod: boolean;
  /** Epoch milliseconds. */
  createdAt: number;
  /** Epoch milliseconds; an open link past it can no longer be paid. */
  expiresAt: number;
}

export interface HostedLink extends NewHostedLink {
  state: HostedLinkState;
  /** Charges begun so far; attempt n charges under a processor key of its own. */
  attempts: number;
  /** Attempts the processor declined or refused. */
  failures: number;
  /** The processor's payment id, once completed. */
  paymentId: string;
}

export interface ClaimOptions {
  /**
   * The nonce to charge when the claim starts a new attempt. Absent: only resume a
   * charge left unsettled, never start one (GetPaymentLink settles, it does not pay).
   */
  nonce?: string;
  /** How long the claim holds the link; it must outlast the slowest processor call. */
  leaseMs: number;
  /** An open link with this many failures is exhausted (a brake on card testing). */
  maxFailures: number;
}

export type ClaimResult =
  /**
   * Ours: charge `nonce` as `attempt` (the processor key derives from it), then finish
   * with `token`. `resumed`: an unsettled earlier charge, to be re-sent as it was (the
   * stored nonce, the same attempt), not the nonce just offered.
   */
  | { state: 'claimed'; link: HostedLink; token: string; attempt: number; nonce: string; resumed: boolean }
  /** Open, and no nonce was offered: nothing claimed. */
  | { state: 'open'; link: HostedLink }
  /** Another charge holds the link (its lease runs). */
  | { state: 'busy'; link: HostedLink }
  | { state: 'completed'; link: HostedLink }
  /** Open past its expiry. */
  | { state: 'expired'; link: HostedLink }
  /** Open but at its failure cap. */
  | { state: 'exhausted'; link: HostedLink }
  | { state: 'not_found' };

export type ChargeResult =
  /** The processor charged: the link is used. */
  | { kind: 'completed'; paymentId: string }
  /** The processor declined or refused: open again, one more failure. */
  | { kind: 'failed' }
  /** The request never reached the processor: open again, no failure counted. */
  | { kind: 'not_sent' }
  /** Nobody knows: stays paying, lease ended, so the next claim resumes it. */
  | { kind: 'unknown' };

/**
 * Every method rejects with TenderError 'unavailable' when the backing store cannot be
 * reached (fail closed: no claim, no charge), and with 'invalid_argument' for an id
 * that is not a link id (link-rules.ts) or a link that breaks the rules there.
 */
export interface PaymentLinkStore {
  /** Stores a new open link; 'already_exists' if the id is taken. */
  create(link: NewHostedLink): Promise<void>;
  get(id: string): Promise<HostedLink | undefined>;
  /** The compare-and-set that lets one charge begin; atomic across instances. */
  claim(id: string, options: ClaimOptions): Promise<ClaimResult>;
  /**
   * Records how the claimed charge ended, if `token` still holds the claim. False,
   * changing nothing, when it does not (the lease ended and another claim took over).
   */
  finish(id: string, token: string, result: ChargeResult): Promise<boolean>;
}
