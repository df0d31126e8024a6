import { create } from '@bufbuild/protobuf';
import {
  CreatePaymentLinkResponseSchema,
  type CreatePaymentLinkRequest,
} from '../../gen/tender/v1/payments_pb.js';
import { TenderError, invalidField } from '../../core/errors.js';
import { parseMoney } from '../../core/money.js';
import type { MutationContext, PaymentLinkInput } from '../../core/processor-port.js';
import type { Money, PaymentLink } from '../../core/types.js';
import { HOSTED_LINK_EXPIRY_BOUNDS } from '../../links/hosted-links.js';
import type { CallContext } from '../../server/call-context.js';
import { audit } from '../audit.js';
import type { ApiDeps } from '../deps.js';
import { runIdempotent } from '../idempotent.js';
import { paymentLinkMessage } from '../mapping/payments.js';
import { requireCapability, type AccountEntry } from '../registry.js';
import { localIdIn } from './lookups.js';

const DEFAULT_EXPIRY_SECONDS = 3600;

/**
 * True when Tender serves the account's payment pages itself (src/links/): the processor
 * has no hosted link of its own but the adapter can charge a browser-made nonce.
 */
export function hostsOwnPage(account: AccountEntry): boolean {
  const capabilities = account.adapter.capabilities;
  return !capabilities.has('payment_link') && capabilities.has('tender_hosted_payment_page');
}

/** The account a link belongs to: the customer's or invoice's, else the named one. */
function linkAccount(deps: ApiDeps, call: CallContext, request: CreatePaymentLinkRequest): AccountEntry {
  const tenant = call.principal.tenant;
  if (request.customerId !== '') return deps.registry.resolve(tenant, 'customer_id', request.customerId).account;
  if (request.invoiceId !== '') return deps.registry.resolve(tenant, 'invoice_id', request.invoiceId).account;
  return deps.registry.account(tenant, 'account_id', request.accountId);
}

function expirySeconds(account: AccountEntry, request: CreatePaymentLinkRequest): number {
  const given = request.expiresIn;
  if (!given) return DEFAULT_EXPIRY_SECONDS;
  const seconds = Number(given.seconds) + given.nanos / 1e9;
  if (!(seconds > 0)) throw invalidField('expires_in', 'must be positive');
  const bounds = hostsOwnPage(account) ? HOSTED_LINK_EXPIRY_BOUNDS : account.adapter.paymentLinkExpiryBounds;
  if (bounds && (seconds < bounds.minSeconds || seconds > bounds.maxSeconds)) {
    throw invalidField('expires_in', `must be between ${bounds.minSeconds} and ${bounds.maxSeconds} seconds for ${account.processor}`);
  }
  return seconds;
}

export async function createPaymentLink(deps: ApiDeps, request: CreatePaymentLinkRequest, call: CallContext) {
  const account = linkAccount(deps, call, request);
  if (request.accountId !== '' && request.accountId !== account.id) {
    throw invalidField('account_id', 'does not match the account of customer_id or invoice_id');
  }
  const hosted = hostsOwnPage(account);
  if (!hosted) requireCapability(account, 'payment_link');
  const customerId = localIdIn(deps, call, account, 'customer_id', request.customerId);
  const invoiceId = localIdIn(deps, call, account, 'invoice_id', request.invoiceId);
  if (request.savePaymentMethod) {
    if (!hosted) {
      throw new TenderError('unimplemented', `save_payment_method: ${account.processor} payment links cannot save the card`, { field: 'save_payment_method' });
    }
    if (customerId === '') throw invalidField('save_payment_method', 'needs customer_id: a card is saved on a customer');
  }
  // A page Tender hosts charges a nonce; the port has no way to settle an invoice with one.
  if (hosted && invoiceId !== '') throw invalidField('invoice_id', `not supported for ${account.processor} payment links; give the amount`);
  const amount = request.amount ? parseMoney('amount', request.amount) : undefined;
  if (!amount && invoiceId === '') throw invalidField('amount', 'required unless invoice_id is set');
  const seconds = expirySeconds(account, request);

  return runIdempotent(deps.idempotency, call, {
    key: request.idempotencyKey, request, responseSchema: CreatePaymentLinkResponseSchema,
  }, async (ctx) => {
    const expiresAt = new Date(Date.now() + seconds * 1000);
    const { description, savePaymentMethod } = request;
    const link = hosted
      ? await deps.hostedLinks.create(account, call.principal.tenant, { amount: amount!, customerId, description, savePaymentMethod, expiresAt })
      : await processorLink(account, { amount, customerId, invoiceId, description, expiresAt }, ctx);
    await audit(deps, call, account, 'payment_link.created', {
      paymentLinkId: link.id, amount: link.amount.amount, currency: link.amount.currency, customerId, invoiceId,
    });
    return { response: create(CreatePaymentLinkResponseSchema, { paymentLink: paymentLinkMessage(account, link) }), final: true };
  });
}

/** A link the processor hosts; an invoice's link is for its whole amount due. */
async function processorLink(
  account: AccountEntry,
  input: Omit<PaymentLinkInput, 'amount'> & { amount: Money | undefined },
  ctx: MutationContext,
): Promise<PaymentLink> {
  let linkAmount = input.amount;
  if (input.invoiceId !== '') {
    const invoice = await account.adapter.getInvoice(input.invoiceId);
    if (!invoice) throw new TenderError('not_found', 'invoice_id: not found', { field: 'invoice_id' });
    if (invoice.status !== 'open') {
      throw new TenderError('failed_precondition', `invoice_id: invoice is ${invoice.status}, not open`, { field: 'invoice_id' });
    }
    if (linkAmount && (linkAmount.amount !== invoice.amountDue.amount || linkAmount.currency !== invoice.amountDue.currency)) {
      throw invalidField('amount', `must equal the invoice's amount due (${invoice.amountDue.amount} ${invoice.amountDue.currency} minor units)`);
    }
    linkAmount ??= invoice.amountDue;
  }
  return account.adapter.createPaymentLink({ ...input, amount: linkAmount! }, ctx);
}
