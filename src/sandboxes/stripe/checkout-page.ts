import { formatAmount } from './currencies.js';
import { checkoutDetails, type StripeCheckoutSession } from './resources/checkout-sessions.js';
import { TEST_PAYMENT_METHODS } from './test-cards.js';

/**
 * The page a checkout session's `url` opens: what is being paid and a choice of
 * documented test cards, so a person can play the payer. No card number is ever typed
 * or shown; the form posts back to the same URL.
 */
export function renderCheckoutPage(session: StripeCheckoutSession, notice = ''): string {
  const { lineItems } = checkoutDetails(session);
  const rows = lineItems
    .map((item) => {
      const amount = formatAmount(Number(item.amount_total), session.currency);
      return `<li>${escapeHtml(String(item.description))} × ${String(item.quantity)}: ${amount}</li>`;
    })
    .join('');
  const total = `${formatAmount(session.amount_total, session.currency)} ${session.currency.toUpperCase()}`;
  const body =
    session.status === 'open'
      ? `<form method="post">
  <label>Test card <select name="payment_method">${cardOptions()}</select></label>
  <button type="submit">Pay ${escapeHtml(total)}</button>
</form>`
      : `<p class="status">This payment link is ${escapeHtml(session.status === 'complete' ? 'paid' : 'expired')}.</p>`;
  return page(
    'Pay',
    `<h1>Pay ${escapeHtml(total)}</h1>
<ul>${rows}</ul>
${notice ? `<p class="notice">${escapeHtml(notice)}</p>` : ''}
${body}`,
  );
}

export function renderMissingPage(): string {
  return page('Not found', '<h1>This payment link does not exist.</h1>');
}

function cardOptions(): string {
  return Object.entries(TEST_PAYMENT_METHODS)
    .map(([id, card]) => `<option value="${id}">${escapeHtml(`${card.brand} •••• ${card.last4} (${id})`)}</option>`)
    .join('');
}

function page(title: string, content: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Tender Stripe sandbox</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}button{padding:.5rem 1rem}.notice{color:#b00}</style>
</head><body>${content}</body></html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
