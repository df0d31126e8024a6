import type { PaymentLinkRecord } from './state.js';
import { testOutcomes } from './test-outcomes.js';

/**
 * The page a payment link's `url` opens: the payer picks a documented test result (the
 * holder name Adyen's test acquirer reads) instead of typing a card, so no card number
 * ever reaches the sandbox.
 */
export function renderPayPage(link: PaymentLinkRecord, notice: string): string {
  const amount = `${(link.amount.value / 100).toFixed(2)} ${escapeHtml(link.amount.currency)}`;
  const description = typeof link.echoed.description === 'string' ? escapeHtml(link.echoed.description) : '';
  const options = testOutcomes()
    .map((outcome) => `<option value="${outcome.name}">${outcome.name} (${outcome.resultCode})</option>`)
    .join('');
  const form =
    link.status === 'active'
      ? `<form method="post"><label>Test result <select name="holderName">${options}</select></label> <button type="submit">Pay ${amount}</button></form>`
      : `<p>This link is ${link.status}.</p>`;
  return page(`Pay ${amount}`, `<h1>${amount}</h1><p>${description}</p>${notice ? `<p>${escapeHtml(notice)}</p>` : ''}${form}`);
}

export function renderMissingPage(): string {
  return page('Payment link not found', '<h1>Payment link not found</h1>');
}

/** Where RedirectShopper sends a shopper: a challenge nobody on a phone call can complete. */
export function renderChallengePage(): string {
  return page('3-D Secure', '<h1>3-D Secure challenge</h1><p>The sandbox issuer asks the cardholder to authenticate.</p>');
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
