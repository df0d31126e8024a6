import type { Logger } from 'pino';
import type { HostedPaymentOperations } from '../core/processor-port.js';
import type { DeclineDetail } from '../core/types.js';
import type { HostedLink, PaymentLinkStore } from '../store/payment-link-store.js';
import { chargeClaim, type ChargeEnd, type ClaimedCharge } from './charge-claim.js';
import type { LinkAudit } from './link-events.js';

/** What paying a link with a nonce came to, for the page to show. */
export type PayOutcome =
  /** `alreadyPaid`: an earlier charge had completed it; this nonce was not charged. */
  | { kind: 'completed'; accountId: string; paymentId: string; alreadyPaid: boolean }
  | { kind: 'declined'; decline?: DeclineDetail; attemptsLeft: number }
  | { kind: 'refused'; attemptsLeft: number }
  /** The outcome is unknown: the payer must not pay again; the link settles later. */
  | { kind: 'pending' }
  /** Another charge of this link is running. */
  | { kind: 'busy' }
  | { kind: 'not_found' }
  | { kind: 'expired' }
  | { kind: 'exhausted' }
  /** Nothing was charged (the processor or the store could not be reached). */
  | { kind: 'unavailable' };

export interface PayDeps {
  store: PaymentLinkStore;
  audit: LinkAudit;
  logger: Logger;
  leaseMs: number;
  maxFailures: number;
  /** The hosted-payment operations of the link's account; throws when it is gone. */
  operationsFor(link: HostedLink): HostedPaymentOperations;
}

/**
 * Charges `nonce` for the link at most once. The store's claim is the fence between
 * concurrent requests and instances; the processor key per attempt is the fence behind
 * it (payments-domain.md, "Redis"). A charge left unsettled by an unknown outcome or a
 * crash is resumed first, exactly as it was sent; only when it turns out to have failed
 * does this request's nonce get its own attempt. Two rounds at most.
 */
export async function payLink(deps: PayDeps, linkId: string, nonce: string): Promise<PayOutcome> {
  for (let round = 0; round < 2; round++) {
    const claim = await deps.store.claim(linkId, { nonce, leaseMs: deps.leaseMs, maxFailures: deps.maxFailures });
    switch (claim.state) {
      case 'claimed': {
        const end = await runClaim(deps, claim);
        if (claim.resumed && (end.kind === 'declined' || end.kind === 'refused' || end.kind === 'not_sent')) continue;
        return outcomeOf(end, claim.link, deps.maxFailures);
      }
      case 'completed':
        return { kind: 'completed', accountId: claim.link.accountId, paymentId: claim.link.paymentId, alreadyPaid: true };
      case 'busy':
      case 'not_found':
      case 'expired':
      case 'exhausted':
        return { kind: claim.state };
      case 'open':
        throw new Error('a claim offering a nonce never answers open');
    }
  }
  return { kind: 'busy' };
}

/**
 * Resumes a charge left unsettled, if there is one and its lease has run out; never
 * starts one. GetPaymentLink and the page call it so that a caller waiting on the line
 * learns the truth without paying again.
 */
export async function settleLink(deps: PayDeps, linkId: string): Promise<void> {
  const claim = await deps.store.claim(linkId, { leaseMs: deps.leaseMs, maxFailures: deps.maxFailures });
  if (claim.state === 'claimed') await runClaim(deps, claim);
}

async function runClaim(deps: PayDeps, claim: ClaimedCharge): Promise<ChargeEnd> {
  let operations: HostedPaymentOperations;
  try {
    operations = deps.operationsFor(claim.link);
  } catch (error) {
    // The account was removed or lost the capability since the link was made.
    deps.logger.error({ err: error, paymentLinkId: claim.link.id }, 'payment link account cannot take payments');
    await deps.store.finish(claim.link.id, claim.token, claim.resumed ? { kind: 'unknown' } : { kind: 'not_sent' });
    return claim.resumed ? { kind: 'unknown' } : { kind: 'not_sent' };
  }
  return chargeClaim(claim, operations, deps.store, deps.audit, deps.logger);
}

function outcomeOf(end: ChargeEnd, link: HostedLink, maxFailures: number): PayOutcome {
  const attemptsLeft = Math.max(0, maxFailures - link.failures - 1);
  switch (end.kind) {
    case 'completed':
      return { kind: 'completed', accountId: link.accountId, paymentId: end.paymentId, alreadyPaid: false };
    case 'declined':
      return { kind: 'declined', ...(end.decline ? { decline: end.decline } : {}), attemptsLeft };
    case 'refused':
      return { kind: 'refused', attemptsLeft };
    case 'not_sent':
      return { kind: 'unavailable' };
    case 'unknown':
      return { kind: 'pending' };
  }
}
