import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readNonceBody } from './nonce-body.js';

function request(body: string, contentType = 'application/json'): IncomingMessage {
  return Object.assign(Readable.from([Buffer.from(body)]), { headers: { 'content-type': contentType } }) as unknown as IncomingMessage;
}

describe('reading the nonce body', () => {
  it('takes exactly {"nonce"} as JSON', async () => {
    expect(await readNonceBody(request('{"nonce":"fake-valid-nonce"}', 'application/json; charset=utf-8'))).toEqual({
      ok: true, nonce: 'fake-valid-nonce',
    });
  });

  it.each([
    ['a form post', 'nonce=fake-valid-nonce', 'application/x-www-form-urlencoded', 415, 'not_json'],
    ['text/plain, which a cross-site form can send', '{"nonce":"fake-valid-nonce"}', 'text/plain', 415, 'not_json'],
    ['broken JSON', '{"nonce":', 'application/json', 400, 'malformed'],
    ['an extra field', '{"nonce":"n","amount":1}', 'application/json', 400, 'malformed'],
    ['a nonce with odd characters', '{"nonce":"<script>"}', 'application/json', 400, 'malformed'],
    ['a card number anywhere', '{"nonce":"n","number":"4242 4242 4242 4242"}', 'application/json', 400, 'card_data'],
    ['a card number as the nonce', '{"nonce":"4111111111111111"}', 'application/json', 400, 'card_data'],
    ['a body over 4 KiB', `{"nonce":"${'a'.repeat(5000)}"}`, 'application/json', 413, 'too_large'],
  ])('refuses %s', async (_name, body, type, status, problem) => {
    expect(await readNonceBody(request(body, type))).toEqual({ ok: false, status, problem });
  });
});
