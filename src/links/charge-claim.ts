import type { Logger } from 'pino';
import { isTenderError } from '../core/errors.js';
import { deriveProcessorKey } from '../core/processor-key.js';
import type { HostedPaymentOperations } from '../core/processor-port.js';
import type { DeclineDetail } from '../core/types.js';
import type { ChargeResult, ClaimResult, PaymentLinkStore } from '../store/payment-link-store.js';
import type { LinkAudit } from './link-events.js';

export type ClaimedCharge = Extract<ClaimResult, { state: 'claimed' }>;

/** How one claimed charge ended, for the payer. */
export type ChargeEnd =
  | { kind: 'completed'; paymentId: string }
  | { kind: 'declined'; decline?: DeclineDetail }
  /** The processor refused the nonce itself (used, unknown, invalid): nothing charged. */
  | { kind: 'refused' }
  /** Never reached the processor: nothing charged. */
  | { kind: 'not_sent' }
  /** Nobody knows yet: the link stays paying until a resumed charge settles it. */
  | { kind: 'unknown' };

/**
 * The method name the processor key derives from (src/core/processor-key.ts). With the
 * link id and the attempt number it makes one key per attempt: a resumed charge re-sends
 * under its attempt's key, so the processor answers what it did instead of charging
 * again; a new card after a decline is a new attempt, because a decline is a final
 * answer for its key (payments-domain.md: "retrying a declined payment needs a new key").
 */
const KEY_METHOD = 'tender.links/ChargeNonce';

export function attemptKey(tenant: string, linkId: string, attempt: number): string {
  return deriveProcessorKey(tenant, KEY_METHOD, `${linkId}#${attempt}`);
}

/**
 * Charges the claimed nonce once, records the end in the store with the claim's token,
 * and appends the audit events. Only failures known to have stopped short of the
 * processor reopen the link without counting: anything else thrown may have moved
 * money, so it is an unknown outcome (payments-domain.md, "Timeouts are not declines").
 */
export async function chargeClaim(
  claimed: ClaimedCharge,
  operations: HostedPaymentOperations,
  store: PaymentLinkStore,
  audit: LinkAudit,
  logger: Logger,
): Promise<ChargeEnd> {
  const { link, attempt, nonce, token } = claimed;
  let end: ChargeEnd;
  try {
    const payment = await operations.chargeNonce(
      { nonce, amount: link.amount, customerId: link.customerId, vault: link.savePaymentMethod, description: link.description },
      { processorIdempotencyKey: attemptKey(link.tenant, link.id, attempt) },
    );
    await audit.payment(link, attempt, payment);
    end = endOfPayment(payment.status, payment.id, payment.decline);
  } catch (error) {
    end = endOfFailure(error);
    if (end.kind === 'refused') await audit.refused(link, attempt, isTenderError(error) ? error.code : 'error');
    const level = end.kind === 'refused' ? 'info' : 'error';
    logger[level]({ err: error, paymentLinkId: link.id, attempt, end: end.kind }, 'hosted page charge failed');
  }
  const recorded = await store.finish(link.id, token, storeResult(end)).catch((error: unknown) => {
    // The charge happened as reported; the link stays paying, and the next claim after
    // the lease resumes it under the same key, which settles it from the processor.
    logger.error({ err: error, paymentLinkId: link.id }, 'payment link result could not be stored');
    return undefined;
  });
  if (recorded === false) logger.warn({ paymentLinkId: link.id, attempt }, 'payment link claim was taken over before its result was stored');
  if (end.kind === 'completed' && recorded === true) await audit.completed(link, end.paymentId);
  return end;
}

function endOfPayment(status: string, paymentId: string, decline: DeclineDetail | undefined): ChargeEnd {
  switch (status) {
    case 'succeeded':
    case 'processing':
      return { kind: 'completed', paymentId };
    case 'outcome_unknown':
      return { kind: 'unknown' };
    default:
      // declined, requires_action (the page cannot run 3-D Secure), canceled.
      return { kind: 'declined', ...(decline ? { decline } : {}) };
  }
}

/**
 * A refusal naming the nonce is the card's (used, unknown, not a valid card number): it
 * counts against the link. Any other refusal is the link's or the account's (a currency
 * the merchant account does not take, a customer deleted since): nothing was charged,
 * and another card would not help, so it does not count; it is logged for operations.
 */
function endOfFailure(error: unknown): ChargeEnd {
  if (!isTenderError(error)) return { kind: 'unknown' };
  switch (error.code) {
    case 'invalid_argument':
    case 'failed_precondition':
    case 'not_found':
      return error.field === 'nonce' ? { kind: 'refused' } : { kind: 'not_sent' };
    case 'unavailable':
    case 'deadline_exceeded':
      return error.processorReached ? { kind: 'unknown' } : { kind: 'not_sent' };
    default:
      return { kind: 'unknown' };
  }
}

function storeResult(end: ChargeEnd): ChargeResult {
  switch (end.kind) {
    case 'completed':
      return { kind: 'completed', paymentId: end.paymentId };
    case 'declined':
    case 'refused':
      return { kind: 'failed' };
    case 'not_sent':
      return { kind: 'not_sent' };
    case 'unknown':
      return { kind: 'unknown' };
  }
}
