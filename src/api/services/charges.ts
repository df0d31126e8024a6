import { create } from '@bufbuild/protobuf';
import {
  ChargeResponseSchema,
  PayInvoiceResponseSchema,
  type ChargeRequest,
  type PayInvoiceRequest,
} from '../../gen/tender/v1/payments_pb.js';
import { TenderError, invalidField } from '../../core/errors.js';
import { parseMoney } from '../../core/money.js';
import type { Invoice, Money, Payment } from '../../core/types.js';
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
    let payment: Payment;
    if (invoiceId !== '') {
      const invoice = await openInvoice(account, invoiceId, customerId);
      if (amount && !sameMoney(amount, invoice.amountDue)) {
        throw invalidField('amount', `must equal the invoice's amount due (${invoice.amountDue.amount} ${invoice.amountDue.currency} minor units)`);
      }
      payment = await chargeUnderLimits(deps, call, account, { customerId, paymentMethodId }, () =>
        account.adapter.payInvoice({ invoiceId, paymentMethodId }, ctx));
    } else {
      payment = await chargeUnderLimits(deps, call, account, { customerId, paymentMethodId }, () => account.adapter.charge({
        customerId, paymentMethodId, amount: amount!, description: request.description, metadata: request.metadata,
      }, ctx));
    }
    await recordPayment(deps, call, account, payment);
    const response = create(ChargeResponseSchema, { payment: paymentMessage(account, payment) });
    return { response, final: payment.status !== 'outcome_unknown' };
  });
}

export async function payInvoice(deps: ApiDeps, request: PayInvoiceRequest, call: CallContext) {
  const { account, localId: invoiceId } = deps.registry.resolve(call.principal.tenant, 'invoice_id', request.invoiceId);
  requireCapability(account, 'pay_invoice');
  const paymentMethodId = localIdIn(deps, call, account, 'payment_method_id', request.paymentMethodId);
  return runIdempotent(deps.idempotency, call, {
    key: request.idempotencyKey, request, responseSchema: PayInvoiceResponseSchema,
  }, async (ctx) => {
    const invoice = await openInvoice(account, invoiceId, '');
    const payment = await chargeUnderLimits(deps, call, account, { customerId: invoice.customerId, paymentMethodId }, () =>
      account.adapter.payInvoice({ invoiceId, paymentMethodId }, ctx));
    await recordPayment(deps, call, account, payment);
    const response = create(PayInvoiceResponseSchema, { payment: paymentMessage(account, payment) });
    return { response, final: payment.status !== 'outcome_unknown' };
  });
}

async function openInvoice(account: AccountEntry, invoiceId: string, customerId: string): Promise<Invoice> {
  const invoice = await account.adapter.getInvoice(invoiceId);
  if (!invoice || (customerId !== '' && invoice.customerId !== customerId)) {
    throw new TenderError('not_found', 'invoice_id: not found', { field: 'invoice_id' });
  }
  if (invoice.status !== 'open') {
    throw new TenderError('failed_precondition', `invoice_id: invoice is ${invoice.status}, not open`, { field: 'invoice_id' });
  }
  return invoice;
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
