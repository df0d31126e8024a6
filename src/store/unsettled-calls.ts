/**
 * Calls whose outcome a processor did not tell: a charge, an invoice payment or a refund
 * that timed out or lost its answer after it was sent. The money may have moved, so the
 * caller hears OUTCOME_UNKNOWN, never a decline (payments-domain.md, "Timeouts are not
 * declines"), and Tender settles the truth by itself: a reconciler (src/reconcile/)
 * runs the same call again under the same idempotency key, which re-sends under the same
 * processor key, so the processor answers with what it did the first time or does it
 * now, once. This store is that reconciler's work list, shared by every instance.
 *
 * A record holds the encoded request (it passed the card-number guard, so it carries no
 * card data), ids and times; never a card number, secret or decline code.
 */

export type UnsettledState =
  /** Still to settle: a reconciler tries again at dueAt. */
  | 'pending'
  /** Settled: `response` holds the final answer. */
  | 'settled'
  /** Given up (past the window in which re-sending is safe): needs a person. */
  | 'abandoned';

export interface UnsettledCall {
  tenant: string;
  /**
   * The call's reference, unique within the tenant and derived from the idempotency key
   * (a caller's retry that is again unknown finds the same record). For a charge it is
   * the local part of the payment id the caller got ("<account>:<ref>").
   */
  ref: string;
  accountId: string;
  /** Full RPC method name, e.g. "tender.v1.PaymentService/Charge". */
  method: string;
  idempotencyKey: string;
  /** base64 of the encoded request message. */
  request: string;
  /** The decline-limit reservation the first attempt held (JSON, ids and token only). */
  limitTicket?: string;
  /** Epoch ms of the first unknown outcome. */
  createdAt: number;
  /** Settlement attempts made so far. */
  attempts: number;
  /** Epoch ms when a reconciler should next try; meaningful while pending. */
  dueAt: number;
  state: UnsettledState;
  /** base64 of the final response message, once settled. */
  response?: string;
  /** Epoch ms of the last change. */
  updatedAt: number;
}

/**
 * Every method rejects with TenderError 'unavailable' when the backing store cannot be
 * reached, and with 'invalid_argument' for an empty tenant or ref or a retention or hold
 * that is not a positive number of milliseconds.
 */
export interface UnsettledCallStore {
  /**
   * Stores a new pending call, kept `retentionMs` after its last change. When the tenant
   * already has a call with this ref, changes nothing and returns the one stored.
   */
  add(call: UnsettledCall, retentionMs: number): Promise<UnsettledCall>;
  get(tenant: string, ref: string): Promise<UnsettledCall | undefined>;
  /**
   * Up to `max` pending calls of `tenant` due at `now` or earlier, oldest due first.
   * Each is held atomically: its dueAt moves to now + holdMs (as returned), so another
   * instance claiming at the same time does not get it again until the hold ends.
   * Claims are per tenant because deployments with different configurations may share
   * one store: an instance claims only for the tenants it serves, as it could not settle
   * another deployment's call and must not take it from the instance that can.
   */
  claimDue(tenant: string, now: number, max: number, holdMs: number): Promise<UnsettledCall[]>;
  /**
   * Writes the call as given (a later dueAt and more attempts, or settled, or
   * abandoned), kept `retentionMs` from now. Calls no longer pending are never claimed.
   */
  update(call: UnsettledCall, retentionMs: number): Promise<void>;
}
