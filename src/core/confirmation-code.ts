import { createHash } from 'node:crypto';

/**
 * Letters and digits that survive being read aloud and heard over a phone line: no
 * 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V pairs.
 */
const ALPHABET = '34679ACDEFGHJKMNPQRTWXY';

/**
 * A short code an agent can speak ("K7P-4QX"), derived from the payment id so that
 * every read of the payment (and every idempotent replay) gives the same code without
 * storing anything. Six symbols of 23 give about 1.5e8 values: enough to find a
 * payment among a customer's, not a secret.
 */
export function confirmationCode(paymentId: string): string {
  const digest = createHash('sha256').update(paymentId).digest();
  let code = '';
  for (let i = 0; i < 6; i += 1) code += ALPHABET[digest[i]! % ALPHABET.length];
  return `${code.slice(0, 3)}-${code.slice(3)}`;
}
