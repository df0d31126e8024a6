import { createHmac } from 'node:crypto';
import type { Amount } from './state.js';

/** The fields of a standard notification item that Adyen signs. */
export interface SignedFields {
  pspReference: string;
  originalReference?: string;
  merchantAccountCode: string;
  merchantReference: string;
  amount: Amount;
  eventCode: string;
  success: 'true' | 'false';
}

/**
 * Adyen's HMAC for standard notifications (processor-wire.md, "Notification HMAC"):
 * the signed string is
 * `pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success`
 * with missing values empty, and the signature is base64(HMAC-SHA256) keyed with the
 * hex key's raw bytes. It goes in `additionalData.hmacSignature`.
 */
export function signedString(fields: SignedFields): string {
  return [
    fields.pspReference,
    fields.originalReference ?? '',
    fields.merchantAccountCode,
    fields.merchantReference,
    String(fields.amount.value),
    fields.amount.currency,
    fields.eventCode,
    fields.success,
  ].join(':');
}

export function hmacSignature(fields: SignedFields, hmacKeyHex: string): string {
  return createHmac('sha256', Buffer.from(hmacKeyHex, 'hex')).update(signedString(fields), 'utf8').digest('base64');
}

/** An HMAC key as Adyen's Customer Area shows it: 64 hexadecimal characters (32 bytes). */
export function isHmacKeyHex(value: string): boolean {
  return /^(?:[0-9a-fA-F]{2}){16,}$/.test(value);
}
