import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

type Server = HttpServer | HttpsServer;

export interface ListenAt {
  /** 0 (the default in every sandbox) picks a free port. */
  port: number;
  host: string;
  scheme: 'http' | 'https';
}

/**
 * Starts `server` and resolves with the port it got and its base URL, an IPv6 host in
 * brackets (RFC 3986, 3.2.2); a listen error (address in use) rejects.
 */
export async function listen(server: Server, at: ListenAt): Promise<{ port: number; url: string }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.port, at.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return { port, url: `${at.scheme}://${at.host.includes(':') ? `[${at.host}]` : at.host}:${port}` };
}

/**
 * Stops `server`. Keep-alive sockets (the processors' SDKs keep them) would hold
 * close() open, so every connection is ended at once.
 */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
