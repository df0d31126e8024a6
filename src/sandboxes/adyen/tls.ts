import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FALLBACK_CERT_PEM, FALLBACK_KEY_PEM } from './tls/fallback-certificate.js';

/**
 * The sandbox's TLS identity. @adyen/api-library speaks only HTTPS (processor-wire.md,
 * "Surprises first" 2), so the simulator needs a certificate whose SAN matches the
 * loopback address its clients dial.
 *
 * Choice: a fresh self-signed EC certificate per start, made by the `openssl` command in
 * a private temporary directory that is removed at once. A per-start key means nothing
 * long-lived to leak and no expiry to maintain, and no npm package is needed. When
 * `openssl` is not installed (slim container images), the committed test certificate in
 * tls/fallback-certificate.ts is used instead, so the built-in sandbox still starts.
 * Either way clients trust it only by pinning `caCertificatePem` as their sole CA.
 */
export interface SandboxCertificate {
  keyPem: string;
  certPem: string;
  source: 'openssl' | 'fallback';
}

const run = promisify(execFile);

/** Loopback names a client may dial; all of them are in the certificate's SAN. */
const SUBJECT_ALT_NAMES = 'subjectAltName=IP:127.0.0.1,IP:0:0:0:0:0:0:0:1,DNS:localhost';

export async function sandboxCertificate(): Promise<SandboxCertificate> {
  try {
    return await generateWithOpenssl();
  } catch {
    return { keyPem: FALLBACK_KEY_PEM, certPem: FALLBACK_CERT_PEM, source: 'fallback' };
  }
}

async function generateWithOpenssl(): Promise<SandboxCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'tender-adyen-tls-'));
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  try {
    await run(
      'openssl',
      [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
        '-days', '30', '-subj', '/CN=Tender Adyen sandbox', '-addext', SUBJECT_ALT_NAMES,
        '-keyout', keyPath, '-out', certPath,
      ],
      { timeout: 10_000 },
    );
    const [keyPem, certPem] = await Promise.all([readFile(keyPath, 'utf8'), readFile(certPath, 'utf8')]);
    return { keyPem, certPem, source: 'openssl' };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
