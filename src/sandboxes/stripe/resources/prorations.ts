import type { StripeState } from '../state.js';
import { buildInvoiceItem } from './invoice-items.js';
import type { InvoiceLineInput } from './invoices.js';
import type { StripePrice } from './prices.js';
import type { StripeSubscription, StripeSubscriptionItem } from './subscriptions.js';

/**
 * Proration for a price change (docs.stripe.com/billing/subscriptions/prorations): a
 * credit for the unused part of the period on the old price and, when the interval stays
 * the same, a charge for the same part on the new price. Amounts are per second of the
 * period, rounded to minor units.
 */
export function prorationLines(
  state: StripeState,
  item: StripeSubscriptionItem,
  newPrice: StripePrice,
  now: number,
): InvoiceLineInput[] {
  const oldPrice = item.price;
  const { current_period_start: start, current_period_end: end } = item;
  const unused = end > start ? Math.min(1, Math.max(0, (end - now) / (end - start))) : 0;
  const period = { start: now, end };
  const day = new Date(now * 1000).toUTCString().slice(5, 16);
  const line = (description: string, amount: number, price: StripePrice): InvoiceLineInput => ({
    description,
    amount,
    period,
    proration: true,
    price,
    subscriptionItem: null,
    invoiceItem: null,
  });
  const credit = line(
    `Unused time on ${productName(state, oldPrice)} after ${day}`,
    -Math.round(oldPrice.unit_amount * item.quantity * unused),
    oldPrice,
  );
  if (!sameInterval(oldPrice, newPrice)) return [credit];
  const charge = line(
    `Remaining time on ${productName(state, newPrice)} after ${day}`,
    Math.round(newPrice.unit_amount * item.quantity * unused),
    newPrice,
  );
  return [credit, charge];
}

export function sameInterval(a: StripePrice, b: StripePrice): boolean {
  return a.recurring?.interval === b.recurring?.interval && a.recurring?.interval_count === b.recurring?.interval_count;
}

export function productName(state: StripeState, price: StripePrice): string {
  return state.products.get(price.product)?.name ?? price.nickname ?? price.id;
}

/** create_prorations: the lines wait as pending invoice items for the next invoice. */
export function addPendingItems(
  state: StripeState,
  subscription: StripeSubscription,
  item: StripeSubscriptionItem,
  lines: InvoiceLineInput[],
): void {
  for (const line of lines) {
    const pending = buildInvoiceItem(
      {
        customer: subscription.customer,
        amount: line.amount,
        currency: subscription.currency,
        description: line.description,
        period: line.period,
        proration: true,
        price: line.price,
        subscription: subscription.id,
        subscriptionItem: item.id,
      },
      state.clock.now(),
    );
    state.invoiceItems.set(pending.id, pending);
  }
}

/** The subscription's pending items, removed from the pending list to go onto an invoice. */
export function takePendingItems(state: StripeState, subscription: StripeSubscription): InvoiceLineInput[] {
  const lines: InvoiceLineInput[] = [];
  for (const pending of [...state.invoiceItems.values()]) {
    const parent = pending.parent as { subscription_details?: { subscription?: string } } | null;
    if (parent?.subscription_details?.subscription !== subscription.id) continue;
    state.invoiceItems.delete(pending.id);
    lines.push({
      description: pending.description,
      amount: pending.amount,
      period: pending.period,
      proration: pending.proration,
      price: null,
      subscriptionItem: null,
      invoiceItem: pending.id,
    });
  }
  return lines;
}
