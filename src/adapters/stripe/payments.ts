import { TenderError } from '../../core/errors.js';
import type { MutationContext, ProcessorAdapter } from '../../core/processor-port.js';
import type { Payment, Refund } from '../../core/types.js';
import { mutationOptions, readOptional, settle, stripeCall, type StripeDeps } from './calls.js';
import { defaultPaymentMethodOf } from './customers.js';
import { outcomeOfStripeError } from './errors.js';
import { expireInvoiceLinks } from './invoice-links.js';
import { settleWithLinkPayment } from './invoice-settlement.js';
import { amountRefundedOf, idOf, mapPaymentIntent, mapRefund, moneyOf, stripeRefundReasonOf } from './mapping.js';
import { TENDER_METADATA, type WireInvoice, type WireInvoicePayment } from './wire.js';

type PaymentOperations = Pick<ProcessorAdapter, 'charge' | 'payInvoice' | 'getPayment' | 'refund'>;

/** The payment as requested, before Stripe gave it an id: what an unknown outcome reports. */
function attemptedPayment(fields: Pick<Payment, 'customerId' | 'paymentMethodId' | 'invoiceId' | 'amount' | 'description'>): Payment {
  return {
    id: '',
    status: 'outcome_unknown',
    amountRefunded: { amount: 0, currency: fields.amount.currency },
    ...fields,
  };
}

/** An invoice may carry failed attempts too; the paid one is the payment. */
function paidPaymentIntentOf(payments: WireInvoicePayment[]): string {
  const paid = payments.find((p) => p.status === 'paid') ?? payments[0];
  return idOf(paid?.payment.payment_intent);
}

export function paymentOperations(deps: StripeDeps): PaymentOperations {
  const { stripe } = deps;

  const retrieveIntent = (id: string) => stripe.paymentIntents.retrieve(id, { expand: ['latest_charge'] });

  /** Settles the invoice with a link payment already made for it, or else charges it. */
  async function payOnce(invoice: WireInvoice, givenPaymentMethodId: string, ctx: MutationContext): Promise<Payment> {
    if (invoice.status === 'open') {
      const paidThroughLink = await settleWithLinkPayment(deps, invoice, ctx);
      if (paidThroughLink) return paidThroughLink;
    }
    const customerId = idOf(invoice.customer);
    const paymentMethodId = givenPaymentMethodId || (await defaultPaymentMethodOf(deps, customerId));
    const attempted = attemptedPayment({
      customerId,
      paymentMethodId,
      invoiceId: invoice.id,
      amount: moneyOf(invoice.amount_remaining, invoice.currency),
      description: invoice.description ?? '',
    });
    try {
      await stripe.invoices.pay(invoice.id, { payment_method: paymentMethodId, off_session: true }, mutationOptions(ctx));
      const payments = await stripe.invoicePayments.list({ invoice: invoice.id });
      const intentId = paidPaymentIntentOf(payments.data);
      // Paid without a card payment (customer balance, credit note): nothing to read.
      if (!intentId) return { ...attempted, status: 'succeeded' };
      return mapPaymentIntent(await retrieveIntent(intentId), invoice.id);
    } catch (error) {
      const outcome = outcomeOfStripeError(error, { kind: 'payment', attempted, resourceField: 'invoice_id' });
      if (outcome instanceof TenderError && outcome.code === 'invalid_argument' && invoice.status === 'paid') {
        throw new TenderError('failed_precondition', 'invoice is already paid', { field: 'invoice_id' });
      }
      return settle(outcome);
    }
  }

  return {
    async charge(input, ctx) {
      const paymentMethodId = input.paymentMethodId || (await defaultPaymentMethodOf(deps, input.customerId));
      const attempted = attemptedPayment({ ...input, paymentMethodId, invoiceId: '' });
      try {
        const intent = await stripe.paymentIntents.create(
          {
            amount: input.amount.amount,
            currency: input.amount.currency.toLowerCase(),
            customer: input.customerId,
            payment_method: paymentMethodId,
            confirm: true,
            off_session: true,
            ...(input.description ? { description: input.description } : {}),
            // The key lets a later reconciliation find this intent by metadata search.
            metadata: { ...input.metadata, [TENDER_METADATA.key]: ctx.processorIdempotencyKey },
          },
          mutationOptions(ctx),
        );
        return mapPaymentIntent(intent);
      } catch (error) {
        return settle(outcomeOfStripeError(error, { kind: 'payment', attempted }));
      }
    },

    /**
     * Stripe pays the invoice with a PaymentIntent of its own; since API 2025-03-31 the
     * invoice no longer names it, so the invoice_payments list does. An open invoice the
     * customer already paid through a payment link is settled with that payment instead
     * of being charged again (invoice-settlement.ts, fence 2). Once the invoice is paid,
     * its links still open are expired, so that none can take the money again
     * (invoice-links.ts); that never turns the payment into an error.
     */
    async payInvoice(input, ctx) {
      const invoice = await stripeCall({ kind: 'read', resourceField: 'invoice_id' }, () =>
        stripe.invoices.retrieve(input.invoiceId),
      );
      // A paid invoice goes on to Stripe: it may be our own earlier payment, replayed.
      if (invoice.status !== 'open' && invoice.status !== 'paid') {
        throw new TenderError('failed_precondition', `invoice is ${invoice.status ?? 'not open'}`, {
          field: 'invoice_id',
        });
      }
      const payment = await payOnce(invoice, input.paymentMethodId, ctx);
      if (payment.status === 'succeeded') await expireInvoiceLinks(deps, invoice);
      return payment;
    },

    async getPayment(paymentId) {
      const [intent, invoicePayments] = await Promise.allSettled([
        readOptional(() => retrieveIntent(paymentId)),
        stripe.invoicePayments.list({ payment: { type: 'payment_intent', payment_intent: paymentId } }),
      ]);
      if (intent.status === 'rejected') throw intent.reason;
      if (!intent.value) return undefined;
      if (invoicePayments.status === 'rejected') {
        throw outcomeOfStripeError(invoicePayments.reason, { kind: 'read' });
      }
      return mapPaymentIntent(intent.value, idOf(invoicePayments.value.data[0]?.invoice));
    },

    async refund(input, ctx) {
      const intent = await stripeCall({ kind: 'read', resourceField: 'payment_id' }, () =>
        retrieveIntent(input.paymentId),
      );
      // Stripe refunds in the payment's currency whatever Tender asks: refuse a mismatch.
      if (input.amount && input.amount.currency.toLowerCase() !== intent.currency) {
        throw new TenderError('invalid_argument', 'amount.currency: differs from the payment currency', {
          field: 'amount.currency',
        });
      }
      const refunded = amountRefundedOf(intent);
      const { reason, metadata } = stripeRefundReasonOf(input.reason);
      if (input.note) metadata[TENDER_METADATA.refundNote] = input.note.slice(0, 500);
      const attempted: Refund = {
        id: '',
        paymentId: intent.id,
        amount: input.amount ?? moneyOf(intent.amount - refunded, intent.currency),
        status: 'outcome_unknown',
        reason: input.reason,
        method: 'refund',
      };
      try {
        const refund = await stripe.refunds.create(
          {
            payment_intent: intent.id,
            ...(input.amount ? { amount: input.amount.amount } : {}),
            reason,
            metadata,
          },
          mutationOptions(ctx),
        );
        return mapRefund(refund);
      } catch (error) {
        return settle(outcomeOfStripeError(error, { kind: 'refund', attempted, resourceField: 'payment_id' }));
      }
    },
  };
}
