import type { Logger } from 'pino';
import type { AccountEntry, Registry } from '../api/registry.js';
import { TenderError } from '../core/errors.js';
import type { HostedPaymentOperations } from '../core/processor-port.js';
import type { Money, PaymentLink } from '../core/types.js';
import { isLinkId } from '../store/link-rules.js';
import type { HostedLink } from '../store/payment-link-store.js';
import type { Store } from '../store/types.js';
import { linkAudit } from './link-events.js';
import { newLinkId } from './link-id.js';
import { conditionOf, linkView, type LinkCondition } from './link-view.js';
import { payLink, settleLink, type PayDeps, type PayOutcome } from './pay-link.js';

/**
 * Payment links Tender holds itself, for accounts whose processor has no hosted payment
 * link but declares 'tender_hosted_payment_page' (Braintree): the link lives in the
 * store, its page is served by src/http/pay-page/, and its charge goes through the
 * adapter's hostedPayment operations exactly once.
 */
export interface HostedLinks {
  /** CreatePaymentLink; not_found for a customer the processor does not have. */
  create(account: AccountEntry, tenant: string, input: HostedLinkInput): Promise<PaymentLink>;
  /** GetPaymentLink: undefined unless the link is this tenant's and this account's. */
  get(account: AccountEntry, tenant: string, linkId: string): Promise<PaymentLink | undefined>;
  /** What the page shows; settles an unsettled charge first. Undefined for an unknown id. */
  look(linkId: string): Promise<{ link: HostedLink; condition: LinkCondition } | undefined>;
  /** A client token for the page's browser SDK (hostedPayment.clientToken). */
  clientToken(link: HostedLink): Promise<string>;
  pay(linkId: string, nonce: string): Promise<PayOutcome>;
}

export interface HostedLinkInput {
  amount: Money;
  /** The processor's customer id, or ''. */
  customerId: string;
  description: string;
  savePaymentMethod: boolean;
  expiresAt: Date;
}

export interface HostedLinksOptions {
  /** Links and the event log (the metrics-counting store, so these payments count). */
  store: Pick<Store, 'links' | 'events'>;
  registry: Registry;
  /** The public base URL; undefined while Tender serves no HTTP side. */
  publicUrl: () => string | undefined;
  /** How long a charge holds its link: the idempotency lease, which outlasts any processor call. */
  leaseMs: number;
  /** Declined or refused cards per link before it is exhausted. Default 3. */
  maxFailures?: number;
  logger: Logger;
}

/**
 * Three cards per link: enough for a caller whose first card is declined, few enough to
 * make the link useless for card testing (payments-domain.md, "Card testing defence").
 */
export const DEFAULT_MAX_FAILURES = 3;

/** Tender imposes no bound of its own beyond sanity: a second to a week. */
export const HOSTED_LINK_EXPIRY_BOUNDS = { minSeconds: 1, maxSeconds: 7 * 24 * 3600 } as const;

export function createHostedLinks(options: HostedLinksOptions): HostedLinks {
  const maxFailures = options.maxFailures ?? DEFAULT_MAX_FAILURES;
  const { store, registry, logger } = options;
  const operationsOf = (account: AccountEntry): HostedPaymentOperations => {
    const operations = account.adapter.hostedPayment;
    if (!operations || !account.adapter.capabilities.has('tender_hosted_payment_page')) {
      throw new TenderError('unimplemented', `account ${account.id} (${account.processor}) does not support tender_hosted_payment_page`);
    }
    return operations;
  };
  const accountOf = (link: HostedLink): AccountEntry => registry.account(link.tenant, 'account_id', link.accountId);
  const payDeps: PayDeps = {
    store: store.links, audit: linkAudit(store.events, logger), logger, leaseMs: options.leaseMs, maxFailures,
    operationsFor: (link) => operationsOf(accountOf(link)),
  };
  const requirePublicUrl = (): string => {
    const url = options.publicUrl();
    if (url === undefined) {
      throw new TenderError('failed_precondition', 'payment pages need Tender\'s HTTP side: set listen.http (and listen.publicUrl)');
    }
    return url;
  };
  /** The link as it stands, after resuming a charge left unsettled, if any. */
  const current = async (linkId: string, owned: (link: HostedLink) => boolean = () => true) => {
    const link = isLinkId(linkId) ? await store.links.get(linkId) : undefined;
    if (!link || !owned(link)) return undefined;
    if (link.state !== 'paying') return link;
    await settleLink(payDeps, linkId);
    return store.links.get(linkId);
  };

  return {
    async create(account, tenant, input) {
      const publicUrl = requirePublicUrl();
      operationsOf(account);
      // Found now rather than by a payer whose charge would fail on the page.
      if (input.customerId !== '' && !(await account.adapter.getCustomer(input.customerId))) {
        throw new TenderError('not_found', 'customer_id: not found', { field: 'customer_id' });
      }
      const link = {
        id: newLinkId(), tenant, accountId: account.id, amount: input.amount, customerId: input.customerId,
        description: input.description, savePaymentMethod: input.savePaymentMethod,
        createdAt: Date.now(), expiresAt: input.expiresAt.getTime(),
      };
      await store.links.create(link);
      logger.info({ paymentLinkId: link.id, accountId: account.id }, 'payment link created');
      const created = { ...link, state: 'open' as const, attempts: 0, failures: 0, paymentId: '' };
      return linkView(created, publicUrl, 'open');
    },

    async get(account, tenant, linkId) {
      const link = await current(linkId, (found) => found.tenant === tenant && found.accountId === account.id);
      return link && linkView(link, requirePublicUrl(), conditionOf(link, Date.now(), maxFailures));
    },

    async look(linkId) {
      const link = await current(linkId);
      return link && { link, condition: conditionOf(link, Date.now(), maxFailures) };
    },

    // Never bound to the customer: a customer-bound client token lets its bearer list
    // that customer's vaulted cards through the client API, and the page only needs to
    // tokenize a new card. Vaulting happens server-side, in chargeNonce.
    clientToken: (link) => operationsOf(accountOf(link)).clientToken(''),

    async pay(linkId, nonce) {
      if (!isLinkId(linkId)) return { kind: 'not_found' };
      return payLink(payDeps, linkId, nonce);
    },
  };
}
