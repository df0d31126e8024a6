import { describe, expect, it } from 'vitest';
import { pageAssets } from './assets.js';
import { cardFormPage, escape, statusPage } from './page-html.js';

const facts = { amount: { amount: 4200, currency: 'USD' }, description: 'Invoice <7> & "more"' };

describe('payment page HTML', () => {
  it('shows the amount and the escaped description, with no inline script', () => {
    const html = cardFormPage(facts, { linkId: 'abcDEF123_-abcDEF123_', clientToken: 'dG9rZW4=', savesCard: false, setupTimeoutMs: 5000 }, pageAssets());
    expect(html).toContain('<p class="amount" id="amount">$42.00</p>');
    expect(html).toContain('Invoice &lt;7&gt; &amp; &quot;more&quot;');
    expect(html).toContain('data-client-token="dG9rZW4="');
    expect(html).toContain('data-nonce-path="abcDEF123_-abcDEF123_/nonce"');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(html).not.toContain('save-note');
  });

  it('tells the payer when the card will be saved', () => {
    const html = cardFormPage(facts, { linkId: 'x'.repeat(22), clientToken: 't', savesCard: true, setupTimeoutMs: 5000 }, pageAssets());
    expect(html).toContain('Your card will be saved to your account');
  });

  it('links every asset relative to the page, so a path prefix in front of Tender still works', () => {
    const html = cardFormPage(facts, { linkId: 'x'.repeat(22), clientToken: 't', savesCard: false, setupTimeoutMs: 1 }, pageAssets());
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(sources).toHaveLength(4);
    for (const source of sources) expect(source).toMatch(/^assets\//);
  });

  it('renders a status page without any script', () => {
    const html = statusPage('expired', 'This payment link has expired.', pageAssets(), facts);
    expect(html).toContain('data-state="expired"');
    expect(html).toContain('$42.00');
    expect(html).not.toContain('<script');
  });

  it('escapes every character that could leave an attribute or element', () => {
    expect(escape(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
