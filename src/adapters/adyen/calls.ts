import { TenderError } from '../../core/errors.js';
import type { MutationContext } from '../../core/processor-port.js';
import type { CustomerDirectory } from '../../store/customer-directory.js';
import type { PaymentLedger } from '../../store/payment-ledger.js';
import type { AdyenCheckout } from './client.js';
import { outcomeOfAdyenError, type AdyenCall } from './errors.js';
import { adyenIdempotencyKey } from './keys.js';

/** What every group of adapter operations shares. */
export interface AdyenDeps {
  checkout: AdyenCheckout;
  merchantAccount: string;
  /** Tender's own customer records for this account (Adyen has no customer objects). */
  directory: CustomerDirectory;
  /** The Tender account this adapter serves: the directory's and the ledger's partition. */
  accountId: string;
  /** What Tender knows of this account's payments (ledger.ts). */
  ledger: PaymentLedger;
  /** Sent as `returnUrl`, which Checkout v72 requires on every payment. */
  returnUrl: string;
  /** The merchant account captures later than authorisation (Customer Area capture delay). */
  captureDelayed: boolean;
}

/** Runs one SDK read or non-money write; every failure becomes a TenderError. */
export async function adyenCall<T>(call: AdyenCall, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw outcomeOfAdyenError(error, call);
  }
}

/** A read whose "no such object" answer is a normal `undefined`, not an error. */
export async function readOptional<T>(send: () => Promise<T>): Promise<T | undefined> {
  try {
    return await send();
  } catch (error) {
    const failure = outcomeOfAdyenError(error, { kind: 'read' });
    if (failure.code === 'not_found') return undefined;
    throw failure;
  }
}

/** The outcome is a value; a TenderError is thrown. */
export function settle<T>(outcome: T | TenderError): T {
  if (outcome instanceof TenderError) throw outcome;
  return outcome;
}

/**
 * Request options for a mutating call: Tender's processor key becomes Adyen's
 * Idempotency-Key (the SDK sends the header only when given one), so a retry after a
 * lost answer or a crash is deduplicated by Adyen itself. The SDK takes no AbortSignal,
 * so the signal is honoured only before sending.
 */
export function mutationOptions(ctx: MutationContext): { idempotencyKey: string } {
  if (ctx.signal?.aborted) throw new TenderError('deadline_exceeded', 'cancelled before the request was sent to Adyen');
  return { idempotencyKey: adyenIdempotencyKey(ctx.processorIdempotencyKey) };
}
