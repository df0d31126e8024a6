import { randomBytes } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const HEX = '0123456789ABCDEF';

function randomFrom(alphabet: string, length: number): string {
  let out = '';
  for (const byte of randomBytes(length)) out += alphabet[byte % alphabet.length];
  return out;
}

/** "Adyen's 16-character unique reference" (Webhooks spec, pspReference). */
export function newPspReference(): string {
  return randomFrom(ALPHANUMERIC, 16);
}

/** Stored payment method ids have the same 16-character form. */
export function newStoredPaymentMethodId(): string {
  return randomFrom(ALPHANUMERIC, 16);
}

/** Payment link ids look like "PL61C53A8B97E6915A": PL and 16 hex digits. */
export function newPaymentLinkId(): string {
  return `PL${randomFrom(HEX, 16)}`;
}

/** Six-digit authorisation codes, as issuers return them. */
export function newAuthCode(): string {
  return String(100_000 + (randomBytes(4).readUInt32BE(0) % 900_000));
}
