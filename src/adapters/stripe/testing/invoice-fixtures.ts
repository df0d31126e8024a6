import { randomUUID } from 'node:crypto';
import type { MutationContext } from '../../../core/processor-port.js';
import type { PaymentLink } from '../../../core/types.js';
import { createFinalizedInvoice } from '../../../sandboxes/stripe/resources/invoices.js';
import { attachTestMethod, type StripeTestBed } from './test-bed.js';

/** Invoices and their payment links on the sandbox, for the settlement tests. */

export const mutation = (): MutationContext => ({ processorIdempotencyKey: `settle-${randomUUID()}` });
export const usd = (amount: number) => ({ amount, currency: 'USD' });
const inOneHour = () => new Date(Date.now() + 3600_000);

/** A customer whose default card would be charged, with a fresh open invoice. */
export async function openInvoice(bed: StripeTestBed, amount = 15_000): Promise<{ customerId: string; invoiceId: string }> {
  const customer = await bed.admin.api.customers.create({ name: 'Settlement Test' });
  const card = await attachTestMethod(bed, customer.id, 'pm_card_visa');
  await bed.admin.api.customers.update(customer.id, { invoice_settings: { default_payment_method: card } });
  const now = bed.sandbox.state.clock.now();
  const invoice = createFinalizedInvoice(bed.sandbox.state, {
    customer: bed.sandbox.state.customers.get(customer.id)!, currency: 'usd', description: 'Repair', dueDate: null,
    lines: [{ description: 'Repair', amount, period: { start: now, end: now }, proration: false, price: null, subscriptionItem: null, invoiceItem: null }],
  });
  return { customerId: customer.id, invoiceId: invoice.id };
}

/** The invoice's link as Tender makes it (naming no customer: the invoice's is used). */
export function invoiceLink(bed: StripeTestBed, invoiceId: string, amount = 15_000): Promise<PaymentLink> {
  return bed.adapter.createPaymentLink(
    { amount: usd(amount), customerId: '', invoiceId, description: '', expiresAt: inOneHour() },
    mutation(),
  );
}

/** The caller pays on the hosted page; the answer is the sandbox's (400 once the session is not open). */
export function completeSession(bed: StripeTestBed, sessionId: string): Promise<Response> {
  return fetch(`${bed.sandbox.url}/_sandbox/checkout/sessions/${sessionId}/complete`, { method: 'POST' });
}

/** The caller pays the invoice's link; returns the link id and its PaymentIntent id. */
export async function paidLink(bed: StripeTestBed, invoiceId: string, amount = 15_000): Promise<{ linkId: string; intentId: string }> {
  const link = await invoiceLink(bed, invoiceId, amount);
  const paid = await completeSession(bed, link.id);
  if (paid.status !== 200) throw new Error(`the sandbox did not complete ${link.id}: ${paid.status}`);
  return { linkId: link.id, intentId: String(bed.sandbox.state.checkoutSessions.get(link.id)?.payment_intent) };
}

/** What the customer's card was charged and not given back, in minor units. */
export function netCharged(bed: StripeTestBed, customerId: string): number {
  let net = 0;
  for (const charge of bed.sandbox.state.charges.values()) {
    if (charge.customer === customerId && charge.status === 'succeeded') net += charge.amount_captured - charge.amount_refunded;
  }
  return net;
}
