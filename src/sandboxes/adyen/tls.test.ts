import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADYEN_DEMO_SHOPPERS } from './seed.js';
import { openTestBed, failureOf, type SandboxTestBed } from './testing/test-bed.js';
import { sandboxCertificate } from './tls.js';
import { FALLBACK_CERT_PEM } from './tls/fallback-certificate.js';

let bed: SandboxTestBed;
let other: SandboxTestBed;
beforeAll(async () => {
  [bed, other] = await Promise.all([openTestBed(), openTestBed()]);
});
afterAll(async () => {
  await Promise.all([bed?.close(), other?.close()]);
});

/** Machines without the openssl command (slim images) run on the committed fallback. */
const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const listJordan = (on: SandboxTestBed['checkout']) =>
  on.recurring.getTokensForStoredPaymentDetails(ADYEN_DEMO_SHOPPERS.jordan, bed.sandbox.merchantAccount);

describe('TLS', () => {
  it('serves https with a certificate for 127.0.0.1', () => {
    const certificate = new X509Certificate(bed.sandbox.caCertificatePem);
    expect(bed.sandbox.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(certificate.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(certificate.checkIP('127.0.0.1')).toBe('127.0.0.1');
  });

  it.skipIf(!hasOpenssl)('with openssl, makes a fresh certificate per start', async () => {
    expect((await sandboxCertificate()).source).toBe('openssl');
    expect(other.sandbox.caCertificatePem).not.toBe(bed.sandbox.caCertificatePem);
  });

  it('the SDK succeeds when it trusts exactly the sandbox certificate', async () => {
    expect((await listJordan(bed.checkout)).storedPaymentMethods).toHaveLength(1);
  });

  it('the SDK refuses the sandbox with the default roots: checks stay on', async () => {
    const untrusting = bed.client({ caCertificatePem: undefined });
    expect((await failureOf(listJordan(untrusting))).message).toMatch(/self[- ]signed|certificate/i);
  });

  it.skipIf(!hasOpenssl)('the SDK refuses a sandbox whose certificate is not the one it pins', async () => {
    const wrongCa = bed.client({ caCertificatePem: other.sandbox.caCertificatePem });
    expect((await failureOf(listJordan(wrongCa))).message).toMatch(/certificate|signature/i);
  });

  it('without openssl, falls back to the committed loopback test certificate', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const certificate = await sandboxCertificate();
      expect(certificate).toMatchObject({ source: 'fallback', certPem: FALLBACK_CERT_PEM });
    } finally {
      process.env.PATH = path;
    }
    const fallback = new X509Certificate(FALLBACK_CERT_PEM);
    expect(fallback.subject).toContain('test only');
    expect(fallback.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(new Date(fallback.validTo).getFullYear()).toBeGreaterThan(2100);
  });
});
