import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countSales } from '../../adapters/braintree/testing/test-bed.js';
import { postNonce, startBraintreeTender, type BraintreeTender } from './testing/braintree-tender.js';

/**
 * The payment page in a real browser (Debian's Chromium, driven by playwright-core), as
 * far as it goes offline: the page loads under its Content-Security-Policy, shows the
 * amount, loads braintree-web from Tender, and braintree-web's client asks the Braintree
 * sandbox for its configuration. Hosted Fields cannot go further without the network:
 * its card fields are Braintree's own page on assets.braintreegateway.com, and
 * braintree-web accepts a client API only on Braintree's https domains. So the page must
 * end by saying plainly that card entry could not be set up, with nothing charged.
 *
 * Every host name except 127.0.0.1 resolves to nothing (--host-resolver-rules), so the
 * browser cannot reach the internet whatever the page or braintree-web tries.
 */
const CHROMIUM = '/usr/bin/chromium';
const INSTALL_HINT = `Chromium is missing at ${CHROMIUM}: apt-get install chromium`;
const LAUNCH_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];
/** Longer than the page's own wait for Hosted Fields (20 s), skipped with the page's fake clock. */
const PAST_SETUP_TIMEOUT_MS = 21_000;

const haveChromium = existsSync(CHROMIUM);

if (!haveChromium && process.env.CI) {
  describe('payment page in Chromium', () => {
    it('needs Chromium on CI', () => {
      throw new Error(INSTALL_HINT);
    });
  });
}

describe.skipIf(!haveChromium)(`payment page in Chromium${haveChromium ? '' : ` (skipped: ${INSTALL_HINT})`}`, () => {
  let t: BraintreeTender;
  let browser: Browser;
  beforeAll(async () => {
    // launch() gives every run a new, temporary user-data-dir.
    [t, browser] = await Promise.all([startBraintreeTender(), chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS })]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** `answered`: requests that got a response (a name that does not resolve, or a CSP block, is not one). */
  async function openPage(url: string): Promise<{ page: Page; requests: string[]; answered: string[]; consoleLines: string[]; status: number }> {
    const page = await browser.newPage();
    const requests: string[] = [];
    const answered: string[] = [];
    const consoleLines: string[] = [];
    page.on('request', (sent) => requests.push(sent.url()));
    page.on('requestfinished', (done) => answered.push(done.url()));
    page.on('console', (message) => consoleLines.push(message.text()));
    await page.clock.install();
    const response = await page.goto(url);
    return { page, requests, answered, consoleLines, status: response?.status() ?? 0 };
  }

  const stateOf = (page: Page) => page.locator('#pay').getAttribute('data-state');

  it('loads the page, shows the amount, starts braintree-web, and reports cleanly that card entry cannot be set up', async () => {
    const link = await t.createLink({ description: 'Boiler service <visit 2>' });
    const salesBefore = countSales(t.braintree);
    const { page, requests, answered, consoleLines, status } = await openPage(link.url);
    expect(status).toBe(200);
    expect(await page.title()).toBe('Pay $42.00');
    expect(await page.locator('#amount').textContent()).toBe('$42.00');
    expect(await page.locator('#description').textContent()).toBe('Boiler service <visit 2>');
    // braintree-web's bundles and the page's script all ran under script-src 'self'.
    expect(await page.evaluate(() => {
      const sdk = (window as unknown as { braintree?: { client?: { create?: unknown }; hostedFields?: { create?: unknown } } }).braintree;
      return [typeof sdk?.client?.create, typeof sdk?.hostedFields?.create];
    })).toEqual(['function', 'function']);

    await page.waitForFunction(() => {
      const main = document.getElementById('pay')!;
      return main.dataset.state !== 'loading' || main.dataset.client === 'ready';
    }, undefined, { timeout: 10_000 });
    // Should the client ever come up offline, Hosted Fields' frames still cannot: skip the page's wait.
    if ((await stateOf(page)) === 'loading') await page.clock.fastForward(PAST_SETUP_TIMEOUT_MS);
    await page.waitForFunction(() => document.getElementById('pay')!.dataset.state !== 'loading', undefined, { timeout: 5_000 });

    expect(await stateOf(page)).toBe('setup_failed');
    expect(await page.locator('#pay').getAttribute('data-setup-error')).toMatch(/^[A-Z_]+$|^timeout$/);
    expect(await page.locator('#status').textContent()).toContain('Secure card entry could not be loaded');
    expect(await page.locator('#card-form').isHidden()).toBe(true);
    expect(await page.locator('#pay-button').isDisabled()).toBe(true);

    // braintree-web asked the sandbox (the client token's client API), and nothing left the machine.
    expect(requests.some((url) => url.startsWith(t.braintree.url))).toBe(true);
    for (const url of answered) expect(new URL(url).hostname).toBe('127.0.0.1');
    expect(consoleLines.filter((line) => /Content Security Policy.*(script-src|style-src)/.test(line))).toEqual([]);
    // The page took no payment.
    expect(countSales(t.braintree)).toBe(salesBefore);
    await page.close();
  });

  it('shows a paid link as paid, with no card form and no script', async () => {
    const link = await t.createLink();
    expect((await postNonce(t.httpAddress, link, { nonce: 'fake-valid-nonce' })).status).toBe(200);
    const { page, requests, status } = await openPage(link.url);
    expect(status).toBe(410);
    expect(await stateOf(page)).toBe('already_paid');
    expect(await page.locator('#status').textContent()).toContain('already been paid');
    expect(await page.locator('#amount').textContent()).toBe('$42.00');
    expect(await page.locator('#card-form').count()).toBe(0);
    expect(requests.filter((url) => url.endsWith('.js'))).toEqual([]);
    await page.close();
  });
});
