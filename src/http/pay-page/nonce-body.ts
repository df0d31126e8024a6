import type { IncomingMessage } from 'node:http';
import { containsCardNumber } from '../../core/card-number.js';

/**
 * Reads POST /pay/<id>/nonce: exactly {"nonce": "<processor nonce>"} as JSON, at most
 * 4 KiB. Only JSON is taken: an HTML form elsewhere cannot send it cross-site without
 * a CORS preflight, which Tender never answers, so another site cannot post here in the
 * payer's browser. A body holding anything that looks like a card number is refused
 * before it is parsed, and never echoed or logged: the card goes to Braintree's fields,
 * never to Tender (PCI DSS; payments-domain.md "PCI DSS boundary").
 */
export type NonceBody =
  | { ok: true; nonce: string }
  | { ok: false; status: number; problem: 'too_large' | 'not_json' | 'malformed' | 'card_data' };

const MAX_BYTES = 4096;
/** Braintree nonces are UUIDs or "tokencc_..." strings; the documented test nonces are words with dashes. */
const NONCE = /^[A-Za-z0-9_.:-]{1,512}$/;

export async function readNonceBody(request: IncomingMessage): Promise<NonceBody> {
  const type = (request.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    request.resume();
    return { ok: false, status: 415, problem: 'not_json' };
  }
  const raw = await readLimited(request, MAX_BYTES);
  if (raw === undefined) return { ok: false, status: 413, problem: 'too_large' };
  if (containsCardNumber(raw)) return { ok: false, status: 400, problem: 'card_data' };
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { ok: false, status: 400, problem: 'malformed' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, status: 400, problem: 'malformed' };
  const keys = Object.keys(body);
  const nonce = (body as { nonce?: unknown }).nonce;
  if (keys.length !== 1 || typeof nonce !== 'string' || !NONCE.test(nonce)) return { ok: false, status: 400, problem: 'malformed' };
  return { ok: true, nonce };
}

/** The body as UTF-8, or undefined once it passes `limit` bytes (the rest is drained unread). */
function readLimited(request: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(over ? undefined : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
