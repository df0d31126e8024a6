import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { HttpResponse } from '../server.js';
import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';

/**
 * The files the payment page loads, all from Tender itself so the page needs no third
 * party at all until Hosted Fields opens Braintree's own frames:
 * - braintree-web's browser bundles (client, hosted-fields) from the installed package
 *   (a production dependency, so the container has them), under their version;
 * - the page's script and stylesheet, under a hash of their content.
 * Each name changes whenever its content does, so every asset may be cached for a year
 * (RFC 8246 immutable); the page itself is never cached.
 */
export interface PageAssets {
  /** Paths relative to the page (/pay/<id>): the page links them so a path prefix in front of Tender keeps working. */
  readonly paths: { braintreeClient: string; braintreeHostedFields: string; script: string; style: string };
  /** The asset at `/pay/assets/<name>`, or undefined. */
  serve(name: string): HttpResponse | undefined;
}

const JAVASCRIPT = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const BRAINTREE_BUNDLES = { braintreeClient: 'client.js', braintreeHostedFields: 'hosted-fields.js' } as const;

let loaded: PageAssets | undefined;

/** Read once, on first use: the bundles are about 300 kB together. */
export function pageAssets(): PageAssets {
  loaded ??= loadAssets();
  return loaded;
}

function loadAssets(): PageAssets {
  const packageJson = createRequire(import.meta.url).resolve('braintree-web/package.json');
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  const browserDir = join(dirname(packageJson), 'dist', 'browser');
  const files = new Map<string, { type: string; body: string }>();
  const add = (name: string, type: string, body: string): string => {
    files.set(name, { type, body });
    return `assets/${name}`;
  };
  const hashed = (stem: string, extension: string, body: string): string =>
    `${stem}.${createHash('sha256').update(body).digest('hex').slice(0, 12)}.${extension}`;

  const paths = {
    braintreeClient: add(`braintree-web/${version}/${BRAINTREE_BUNDLES.braintreeClient}`, JAVASCRIPT,
      readFileSync(join(browserDir, BRAINTREE_BUNDLES.braintreeClient), 'utf8')),
    braintreeHostedFields: add(`braintree-web/${version}/${BRAINTREE_BUNDLES.braintreeHostedFields}`, JAVASCRIPT,
      readFileSync(join(browserDir, BRAINTREE_BUNDLES.braintreeHostedFields), 'utf8')),
    script: add(hashed('pay-page', 'js', PAGE_SCRIPT), JAVASCRIPT, PAGE_SCRIPT),
    style: add(hashed('pay-page', 'css', PAGE_STYLE), CSS, PAGE_STYLE),
  };
  return {
    paths,
    serve(name) {
      const file = files.get(name);
      if (!file) return undefined;
      return {
        status: 200,
        headers: {
          'content-type': file.type,
          'cache-control': 'public, max-age=31536000, immutable',
          'x-content-type-options': 'nosniff',
        },
        body: file.body,
      };
    },
  };
}
