import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Request and response plumbing every sandbox shares. Bodies beyond this are refused
 * (413); each processor's own limit is far above anything a sandbox needs.
 */
const MAX_BODY_BYTES = 1024 * 1024;

/** Each sandbox answers it with a 413 in its own wire format. */
export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function send(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string>,
  contentType = 'application/json',
): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, {
    ...headers,
    'Content-Type': contentType,
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-cache, no-store',
  });
  res.end(body);
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
