import type Stripe from 'stripe';
import { TenderError } from '../../core/errors.js';
import type { MutationContext } from '../../core/processor-port.js';
import { outcomeOfStripeError, type StripeCall } from './errors.js';

/** What every group of adapter operations shares. */
export interface StripeDeps {
  stripe: Stripe;
  /** Region for reading back phone numbers Stripe holds without a country code. */
  phoneRegion: string;
  checkoutSuccessUrl: string;
}

/** Runs one SDK read or non-money write; every failure becomes a TenderError. */
export async function stripeCall<T>(call: StripeCall, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw outcomeOfStripeError(error, call);
  }
}

/** A read whose "no such object" answer is a normal `undefined`, not an error. */
export async function readOptional<T>(send: () => Promise<T>): Promise<T | undefined> {
  try {
    return await send();
  } catch (error) {
    const failure = outcomeOfStripeError(error, { kind: 'read' });
    if (failure.code === 'not_found') return undefined;
    throw failure;
  }
}

/** Codes Stripe's answers map to when it understood a request and refused it on the objects' state. */
const REFUSALS: ReadonlySet<string> = new Set(['invalid_argument', 'failed_precondition']);

/** Stripe refused (as opposed to: could not be reached, or failed). */
export function isRefusal(error: unknown): error is TenderError {
  return error instanceof TenderError && REFUSALS.has(error.code);
}

/** The outcome is a value; a TenderError is thrown. */
export function settle<T>(outcome: T | TenderError): T {
  if (outcome instanceof TenderError) throw outcome;
  return outcome;
}

/**
 * Request options for a mutating call: Tender's processor key becomes Stripe's
 * Idempotency-Key, so a retry (by the SDK or by Tender after a crash) is
 * deduplicated by Stripe itself. stripe@23 takes no AbortSignal, so the signal is
 * honoured only before sending: a call whose caller already gave up is not sent.
 */
export function mutationOptions(ctx: MutationContext): Stripe.RequestOptions {
  ensureStillWanted(ctx);
  return { idempotencyKey: ctx.processorIdempotencyKey };
}

export function ensureStillWanted(ctx: MutationContext): void {
  if (ctx.signal?.aborted) {
    throw new TenderError('deadline_exceeded', 'cancelled before the request was sent to Stripe');
  }
}
