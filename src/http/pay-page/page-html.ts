import { formatMoney } from '../../core/money.js';
import type { Money } from '../../core/types.js';
import type { PageAssets } from './assets.js';

/**
 * The payment page's HTML: a card form for an open link, a short status page otherwise.
 * Every value is escaped, none is inside a script (there is no inline script), and the
 * only value the browser code reads is in data- attributes of <main id="pay">.
 */
export interface PageFacts {
  amount: Money;
  description: string;
}

export interface CardFormOptions {
  linkId: string;
  clientToken: string;
  /** The card is saved on the customer after payment: the payer is told so. */
  savesCard: boolean;
  setupTimeoutMs: number;
}

export function cardFormPage(facts: PageFacts, options: CardFormOptions, assets: PageAssets): string {
  const price = formatMoney(facts.amount);
  const saveNote = options.savesCard
    ? '<p class="note" id="save-note">Your card will be saved to your account for future payments.</p>'
    : '';
  return layout(`Pay ${price}`, assets, `<main id="pay" data-state="loading"
  data-client-token="${escape(options.clientToken)}"
  data-nonce-path="${escape(options.linkId)}/nonce"
  data-setup-timeout-ms="${options.setupTimeoutMs}">
${summary(facts, price)}
<form id="card-form" hidden>
<label for="card-number">Card number</label><div class="field" id="card-number"></div>
<label for="expiration-date">Expiry date</label><div class="field" id="expiration-date"></div>
<label for="cvv">Security code</label><div class="field" id="cvv"></div>
${saveNote}<button type="submit" id="pay-button" disabled>Pay ${escape(price)}</button>
</form>
<p class="status" id="status" role="status" aria-live="polite">Loading secure card entry...</p>
</main>
<script src="${assets.paths.braintreeClient}"></script>
<script src="${assets.paths.braintreeHostedFields}"></script>
<script src="${assets.paths.script}"></script>`);
}

/** A page that takes no payment: paid, expired, closed, unknown or unavailable. */
export function statusPage(state: string, message: string, assets: PageAssets, facts?: PageFacts): string {
  const price = facts ? formatMoney(facts.amount) : '';
  return layout(facts ? `Payment of ${price}` : 'Payment', assets, `<main id="pay" data-state="${escape(state)}">
${facts ? summary(facts, price) : '<h1>Payment</h1>'}
<p class="status" id="status" role="status">${escape(message)}</p>
</main>`);
}

function summary(facts: PageFacts, price: string): string {
  return `<h1>Amount due</h1>
<p class="amount" id="amount">${escape(price)}</p>
<p class="description" id="description">${escape(facts.description)}</p>`;
}

function layout(title: string, assets: PageAssets, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escape(title)}</title>
<link rel="stylesheet" href="${assets.paths.style}">
</head>
<body>
${body}
</body>
</html>
`;
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}
