import type { IncomingMessage } from 'node:http';

/** Bearer, or HTTP Basic with the key as user name: both are how Stripe takes a secret key. */
export function presentedApiKey(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization ?? '';
  const bearer = /^Bearer\s+(.+)$/i.exec(header);
  if (bearer) return bearer[1]?.trim();
  const basic = /^Basic\s+(.+)$/i.exec(header);
  if (basic) return Buffer.from(basic[1] ?? '', 'base64').toString('utf8').split(':')[0];
  return undefined;
}
