import { TenderError } from '../../core/errors.js';
import type { MutationContext } from '../../core/processor-port.js';
import type { Money } from '../../core/types.js';
import { outcomeOfBraintreeFailure, type BraintreeCall } from './errors.js';
import type { SdkGateway, WireResult } from './wire.js';

/** What every group of adapter operations shares. */
export interface BraintreeDeps {
  gateway: SdkGateway;
  /** Region for reading back phone numbers Braintree holds without a country code. */
  phoneRegion: string;
  /** The merchant account's currency: Braintree charges in it and in nothing else. */
  currency: string;
  merchantAccountId?: string;
  /** The custom field holding customer metadata as JSON; '' keeps no metadata. */
  metadataField: string;
}

/** Runs one SDK call; whatever it throws becomes a TenderError. */
export async function braintreeCall<T>(call: BraintreeCall, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw outcomeOfBraintreeFailure(error, call);
  }
}

/** A read whose "not found" is a normal `undefined`. */
export async function readOptional<T>(send: () => Promise<T>): Promise<T | undefined> {
  try {
    return await send();
  } catch (error) {
    const failure = outcomeOfBraintreeFailure(error, { kind: 'read' });
    if (failure.code === 'not_found') return undefined;
    throw failure;
  }
}

/** The object of a successful result; a `success: false` result becomes a TenderError. */
export function unwrap<K extends string, T>(result: WireResult<K, T>, key: K, call: BraintreeCall): T {
  if (result.success) return (result as { [key in K]: T })[key];
  throw outcomeOfBraintreeFailure(result, call);
}

/** The outcome is a value; a TenderError is thrown. */
export function settle<T>(outcome: T | TenderError): T {
  if (outcome instanceof TenderError) throw outcome;
  return outcome;
}

/** Reads one of the SDK's search streams to the end (the SDK makes the two requests). */
export function collect<T>(stream: NodeJS.ReadableStream): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const items: T[] = [];
    stream.on('data', (item: T) => items.push(item));
    stream.on('error', reject);
    stream.on('end', () => resolve(items));
  });
}

/**
 * The SDK takes no AbortSignal, so the signal is honoured only before sending: a call
 * whose caller already gave up is not sent.
 */
export function ensureStillWanted(ctx: MutationContext): void {
  if (ctx.signal?.aborted) {
    throw new TenderError('deadline_exceeded', 'cancelled before the request was sent to Braintree');
  }
}

/** Braintree has no currency parameter: an amount must be in the merchant account's currency. */
export function checkCurrency(deps: BraintreeDeps, money: Money, field: string): void {
  if (money.currency !== deps.currency) {
    throw new TenderError(
      'invalid_argument',
      `${field}: this Braintree merchant account charges in ${deps.currency}, not ${money.currency}`,
      { field },
    );
  }
}
