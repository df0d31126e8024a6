import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProcessorName } from '../../src/core/types.js';
import { startChild, type RunningChild } from './child-process.js';

/**
 * The three processor sandboxes, each in its own process (src/sandboxes/<name>/main.ts),
 * so that they outlive any Tender process a test kills, and a test reads what reached
 * "the processor" over their sandbox-only HTTP endpoints: /_sandbox/faults to inject a
 * delay, /_sandbox/state/counts to count the objects they hold.
 */
export interface SandboxProcess {
  processor: ProcessorName;
  /** The base URL Tender's account points at. */
  url: string;
  /** Adyen's self-signed certificate (PEM file), which Tender must trust; undefined otherwise. */
  caFile?: string;
  /** The path and method of the call that creates a payment (the charge). */
  chargeEndpoint: { path: string; method: 'POST' };
  /** The state's collection that holds payments: paymentIntents, transactions, payments. */
  paymentCollection: string;
  child: RunningChild;
}

interface SandboxKind {
  entry: string;
  portVariable: string;
  chargePath: string;
  paymentCollection: string;
}

const KINDS: Record<ProcessorName, SandboxKind> = {
  stripe: { entry: 'src/sandboxes/stripe/main.ts', portVariable: 'STRIPE_SANDBOX_PORT', chargePath: '/v1/payment_intents', paymentCollection: 'paymentIntents' },
  braintree: {
    entry: 'src/sandboxes/braintree/main.ts', portVariable: 'BRAINTREE_SANDBOX_PORT',
    chargePath: '/merchants/tendersandbox/transactions', paymentCollection: 'transactions',
  },
  adyen: { entry: 'src/sandboxes/adyen/main.ts', portVariable: 'ADYEN_SANDBOX_PORT', chargePath: '/v72/payments', paymentCollection: 'payments' },
};

/** Starts one sandbox on an ephemeral port; `dir` receives Adyen's certificate. */
export async function startSandboxProcess(processor: ProcessorName, dir: string): Promise<SandboxProcess> {
  const kind = KINDS[processor];
  const caFile = processor === 'adyen' ? join(dir, 'adyen-sandbox-ca.pem') : undefined;
  const child = startChild(`${processor} sandbox`, kind.entry, [], {
    [kind.portVariable]: '0',
    ...(caFile ? { ADYEN_SANDBOX_CA_FILE: caFile } : {}),
  });
  const [, url] = await child.waitForLine(/sandbox listening on (https?:\/\/\S+)/);
  return {
    processor, url: url!, child, paymentCollection: kind.paymentCollection,
    chargeEndpoint: { path: kind.chargePath, method: 'POST' },
    ...(caFile ? { caFile } : {}),
  };
}

/** Holds the next `times` charges at the sandbox for `ms` before each is processed (and its key with it). */
export async function delayNextCharge(sandbox: SandboxProcess, ms: number, times = 1): Promise<void> {
  await sandboxCall(sandbox, 'POST', '/_sandbox/faults', { ...sandbox.chargeEndpoint, mode: 'delay', ms, times });
}

export async function clearFaults(sandbox: SandboxProcess): Promise<void> {
  await sandboxCall(sandbox, 'DELETE', '/_sandbox/faults');
}

/** Resolves once every armed fault has fired: the delayed charges are now held at the sandbox. */
export async function waitUntilChargeHeld(sandbox: SandboxProcess, timeoutMs = 10_000): Promise<void> {
  await waitFor(`${sandbox.processor} sandbox to receive the charge`, timeoutMs, async () => {
    const { faults } = (await sandboxCall(sandbox, 'GET', '/_sandbox/faults')) as { faults: unknown[] };
    return faults.length === 0;
  });
}

/** How many payments the sandbox holds: what reached the processor, counted there. */
export async function paymentCount(sandbox: SandboxProcess): Promise<number> {
  const { counts } = (await sandboxCall(sandbox, 'GET', '/_sandbox/state/counts')) as { counts: Record<string, number> };
  const count = counts[sandbox.paymentCollection];
  if (count === undefined) throw new Error(`${sandbox.processor} sandbox counts have no ${sandbox.paymentCollection}`);
  return count;
}

/** Polls `condition` every 50 ms until it holds, failing with `what` after `timeoutMs`. */
export async function waitFor(what: string, timeoutMs: number, condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** One JSON call to a sandbox-only endpoint, over HTTPS with the sandbox's own CA for Adyen. */
async function sandboxCall(sandbox: SandboxProcess, method: string, path: string, body?: unknown): Promise<unknown> {
  const url = new URL(path, sandbox.url);
  const ca = sandbox.caFile ? await readFile(sandbox.caFile, 'utf8') : undefined;
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method, ca, headers: { 'content-type': 'application/json' }, timeout: 5_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        if ((res.statusCode ?? 500) >= 300) reject(new Error(`${method} ${path} on the ${sandbox.processor} sandbox: ${res.statusCode} ${text}`));
        else resolve(JSON.parse(text || '{}'));
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}
