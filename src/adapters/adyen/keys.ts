import { createHash } from 'node:crypto';

/** Adyen keeps idempotency keys of at most 64 characters (docs: "API idempotency"). */
export const MAX_ADYEN_KEY_LENGTH = 64;

/**
 * The Idempotency-Key sent to Adyen. Tender's processor key is already at most 64
 * characters (processor-key.ts), so it passes unchanged; a longer one becomes its
 * SHA-256 in hex, exactly 64 characters and the same on every retry.
 */
export function adyenIdempotencyKey(processorKey: string): string {
  if (processorKey.length <= MAX_ADYEN_KEY_LENGTH) return processorKey;
  return createHash('sha256').update(processorKey).digest('hex');
}

/**
 * The merchant reference of a payment, refund or link: the Idempotency-Key itself, so
 * that a retry carries the same reference and operations can match Adyen's records
 * (Customer Area, reports, notifications) to Tender's calls. Adyen allows 80 characters.
 */
export function merchantReferenceOf(processorKey: string): string {
  return adyenIdempotencyKey(processorKey);
}

/**
 * A new customer's shopper reference. Adyen asks for a unique, non-personal reference
 * per shopper; deriving it from the processor key makes a retried CreateCustomer land
 * on the same shopper instead of a second one.
 */
export function shopperReferenceFor(processorKey: string): string {
  return `shopper_${createHash('sha256').update(`shopper:${processorKey}`).digest('hex').slice(0, 32)}`;
}
