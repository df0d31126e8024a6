import { create, type MessageShape } from '@bufbuild/protobuf';
import {
  ChargeRequestSchema,
  ChargeResponseSchema,
  PayInvoiceRequestSchema,
  PayInvoiceResponseSchema,
  type ChargeRequest,
  type PayInvoiceRequest,
} from '../../gen/tender/v1/payments_pb.js';
import { TenderError, invalidField } from '../../core/errors.js';
import { parseMoney } from '../../core/money.js';
import type { LimitTicket } from '../../limits/decline-limiter.js';
import type { Invoice, Money, Payment } from '../../core/types.js';
import { rememberUnknown } from '../../reconcile/remember-unknown.js';
import { isBeingSettled } from '../../reconcile/settling.js';
import type { CallContext } from '../../server/call-context.js';
import { audit } from '../audit.js';
import type { ApiDeps } from '../deps.js';
import { runIdempotent } from '../idempotent.js';
import { paymentMessage } from '../mapping/payments.js';
import { requireCapability, type AccountEntry } from '../registry.js';
import { chargeUnderLimits } from './charge-limits.js';
import { localIdIn } from './lookups.js';

/**
 * Charge: an off-session charge of a saved payment method, or, with invoice_id, the
 * payment of that invoice. Everything that depends on processor state (the invoice
 * being open, its amount) is checked inside the idempotent section, so a retry after
 * success replays the payment instead of failing on an invoice that is now paid.
 */
export async function charge(deps: ApiDeps, request: ChargeRequest, call: CallContext) {
  const tenant = call.principal.tenant;
  const { account, localId: customerId } = deps.registry.resolve(tenant, 'customer_id', request.customerId);
  requireCapability(account, 'off_session_charge');
  const paymentMethodId = localIdIn(deps, call, account, 'payment_method_id', request.paymentMethodId);
  const invoiceId = localIdIn(deps, call, account, 'invoice_id', request.invoiceId);
  if (invoiceId !== '') requireCapability(account, 'pay_invoice');
  const amount = request.amount ? parseMoney('amount', request.amount) : undefined;
  if (!amount && invoiceId === '') throw invalidField('amount', 'required unless invoice_id is set');

  return runIdempotent(deps.idempotency, call, {
    key: request.idempotencyKey, request, responseSchema: ChargeResponseSchema,
  }, async (ctx) => {
    const limits = { customerId, paymentMethodId };
    let send = () => account.adapter.charge({
      customerId, paymentMethodId, amount: amount!, description: request.description, metadata: request.metadata,
    }, ctx);
    if (invoiceId !== '') {
      const invoice = await openInvoice(deps, call, account, invoiceId, customerId, request.idempotencyKey);
      if (invoice.open && amount && !sameMoney(amount, invoice.amountDue)) {
        throw invalidField('amount', `must equal the invoice's amount due (${invoice.amountDue.amount} ${invoice.amountDue.currency} minor units)`);
      }
      send = () => account.adapter.payInvoice({ invoiceId, paymentMethodId }, ctx);
    }
    const limited = await chargeUnderLimits(deps, call, account, limits, send);
    const payment = await settledOrRemembered(deps, call, account, limited, {
      idempotencyKey: request.idempotencyKey, requestSchema: ChargeRequestSchema, request,
    });
    const response = create(ChargeResponseSchema, { payment: paymentMessage(account, payment) });
    const meanwhile = Promise.all([limited.counted, recordPayment(deps, call, account, payment)]);
    return { response, final: payment.status !== 'outcome_unknown', meanwhile };
  });
}

export async function payInvoice(deps: ApiDeps, request: PayInvoiceRequest, call: CallContext) {
  const { account, localId: invoiceId } = deps.registry.resolve(call.principal.tenant, 'invoice_id', request.invoiceId);
  requireCapability(account, 'pay_invoice');
  const paymentMethodId = localIdIn(deps, call, account, 'payment_method_id', request.paymentMethodId);
  return runIdempotent(deps.idempotency, call, {
    key: request.idempotencyKey, request, responseSchema: PayInvoiceResponseSchema,
  }, async (ctx) => {
    const invoice = await openInvoice(deps, call, account, invoiceId, '', request.idempotencyKey);
    const limited = await chargeUnderLimits(deps, call, account, { customerId: invoice.customerId, paymentMethodId }, () =>
      account.adapter.payInvoice({ invoiceId, paymentMethodId }, ctx));
    const payment = await settledOrRemembered(deps, call, account, limited, {
      idempotencyKey: request.idempotencyKey, requestSchema: PayInvoiceRequestSchema, request,
    });
    const response = create(PayInvoiceResponseSchema, { payment: paymentMessage(account, payment) });
    const meanwhile = Promise.all([limited.counted, recordPayment(deps, call, account, payment)]);
    return { response, final: payment.status !== 'outcome_unknown', meanwhile };
  });
}

/**
 * The invoice, checked open and the customer's. `open` is false only when it is no
 * longer open because this very call's earlier attempt may have paid it: its outcome was
 * unknown and is being settled (src/reconcile/). The payment is then re-sent under the same processor
 * key, and the processor answers with what that attempt did, instead of Tender answering
 * "invoice is paid" about money it moved itself.
 */
async function openInvoice(
  deps: ApiDeps, call: CallContext, account: AccountEntry, invoiceId: string, customerId: string, idempotencyKey: string,
): Promise<Invoice & { open: boolean }> {
  const invoice = await account.adapter.getInvoice(invoiceId);
  if (!invoice || (customerId !== '' && invoice.customerId !== customerId)) {
    throw new TenderError('not_found', 'invoice_id: not found', { field: 'invoice_id' });
  }
  if (invoice.status === 'open') return { ...invoice, open: true };
  if (await isBeingSettled(deps.store, call, idempotencyKey)) return { ...invoice, open: false };
  throw new TenderError('failed_precondition', `invoice_id: invoice is ${invoice.status}, not open`, { field: 'invoice_id' });
}

/**
 * A payment whose outcome is unknown gets the reference of its entry on the
 * reconciler's list as its id (src/reconcile/remember-unknown.ts); others pass as they are.
 */
async function settledOrRemembered<S extends typeof ChargeRequestSchema | typeof PayInvoiceRequestSchema>(
  deps: ApiDeps,
  call: CallContext,
  account: AccountEntry,
  limited: { payment: Payment; ticket?: LimitTicket | undefined },
  what: { idempotencyKey: string; requestSchema: S; request: MessageShape<S> },
): Promise<Payment> {
  if (limited.payment.status !== 'outcome_unknown') return limited.payment;
  const ref = await rememberUnknown(deps.store, deps.idempotency.retentionMs, call, {
    accountId: account.id, ...what, ...(limited.ticket ? { limitTicket: limited.ticket } : {}),
  });
  return { ...limited.payment, id: ref };
}

function sameMoney(a: Money, b: Money): boolean {
  return a.amount === b.amount && a.currency === b.currency;
}

async function recordPayment(deps: ApiDeps, call: CallContext, account: AccountEntry, payment: Payment) {
  await audit(deps, call, account, `payment.${payment.status}`, {
    paymentId: payment.id,
    customerId: payment.customerId,
    invoiceId: payment.invoiceId,
    amount: payment.amount.amount,
    currency: payment.amount.currency,
    ...(payment.decline ? { declineReason: payment.decline.reason, processorCode: payment.decline.processorCode } : {}),
  });
  call.logger.info({ paymentId: payment.id, status: payment.status, declineReason: payment.decline?.reason }, 'payment');
}
