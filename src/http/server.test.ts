import * as net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturingLogger } from '../server/testing/test-server.js';
import { json, startHttpServer, type RunningHttpServer } from './server.js';
import { request } from './testing/tender-with-http.js';

const captured = capturingLogger();
let server: RunningHttpServer;

beforeAll(async () => {
  server = await startHttpServer({
    address: '127.0.0.1:0',
    logger: captured.logger,
    routes: [
      { method: 'GET', path: '/hello', handle: () => json(200, { hello: 'world' }) },
      { method: 'POST', path: '/hello', handle: () => json(202, { posted: true }) },
      { method: 'GET', path: '/broken', handle: () => Promise.reject(new Error('secret internals at redis://10.0.0.7')) },
      { method: 'GET', path: '/files/*', handle: (request) => json(200, { under: request.url }) },
      { method: 'GET', path: '/files/special', handle: () => json(200, { exact: true }) },
    ],
  });
});

afterAll(() => server.close());

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('HTTP server', () => {
  it('binds an ephemeral port and reports it in its address', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.address).toBe(`127.0.0.1:${server.port}`);
  });

  it('routes by exact path and method, ignoring the query string', async () => {
    const got = await request(server.address, '/hello?probe=1');
    expect(got).toMatchObject({ status: 200, body: '{"hello":"world"}\n' });
    expect(got.headers.get('content-type')).toBe('application/json');
    expect(got.headers.get('cache-control')).toBe('no-store');
    expect((await request(server.address, '/hello', { method: 'POST' })).status).toBe(202);
  });

  it('gives a "/*" route every path beneath it that no exact route takes', async () => {
    expect(await request(server.address, '/files/a/b?x=1')).toMatchObject({ status: 200, body: '{"under":"/files/a/b?x=1"}\n' });
    expect(await request(server.address, '/files/special')).toMatchObject({ status: 200, body: '{"exact":true}\n' });
    expect((await request(server.address, '/files')).status).toBe(404);
    expect((await request(server.address, '/files/a', { method: 'POST' })).status).toBe(405);
  });

  it('answers HEAD on a GET route without a body', async () => {
    const got = await request(server.address, '/hello', { method: 'HEAD' });
    expect(got.status).toBe(200);
    expect(got.body).toBe('');
  });

  it('answers 404 for an unknown path and 405 with Allow for another method', async () => {
    expect(await request(server.address, '/nope')).toMatchObject({ status: 404, body: '{"error":"not found"}\n' });
    expect((await request(server.address, '/hello/')).status).toBe(404);
    const wrong = await request(server.address, '/hello', { method: 'DELETE' });
    expect(wrong).toMatchObject({ status: 405, body: '{"error":"method not allowed"}\n' });
    expect(wrong.headers.get('allow')).toBe('GET, HEAD, POST');
  });

  it('answers 500 without the failure message, which goes to the log only', async () => {
    const got = await request(server.address, '/broken');
    expect(got).toMatchObject({ status: 500, body: '{"error":"internal error"}\n' });
    expect(captured.lines()).toContainEqual(expect.objectContaining({ msg: 'HTTP handler failed', path: '/broken' }));
  });

  it('refuses a malformed address and a port in use', async () => {
    await expect(startHttpServer({ address: 'localhost', routes: [], logger: captured.logger })).rejects.toThrow(/host:port/);
    await expect(startHttpServer({ address: server.address, routes: [], logger: captured.logger })).rejects.toThrow(/EADDRINUSE/);
  });

  it('closes even with a kept-alive connection open, and frees the port', async () => {
    const other = await startHttpServer({
      address: '127.0.0.1:0', logger: captured.logger,
      routes: [{ method: 'GET', path: '/x', handle: () => json(200, {}) }],
    });
    const idle = net.connect({ host: '127.0.0.1', port: other.port });
    await new Promise((resolve) => idle.once('connect', resolve));
    idle.write('GET /x HTTP/1.1\r\nHost: test\r\nConnection: keep-alive\r\n\r\n');
    await new Promise((resolve) => idle.once('data', resolve));
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(await refusesConnections(other.port)).toBe(true);
    idle.destroy();
  });
});
