import type { Logger } from 'pino';
import type { Payment } from '../core/types.js';
import type { EventLog } from '../store/types.js';
import type { HostedLink } from '../store/payment-link-store.js';

/**
 * Audit events of a payment made on a Tender-hosted page, in the shape the API's own
 * charges leave (src/api/audit.ts, charges.ts): "payment.<status>" per processor answer,
 * so operations and the payments metric see these charges like any other, then
 * "payment_link.completed" once the link is used. Ids, amounts, statuses and decline
 * reasons only; never the nonce, which is a payment credential until it is spent.
 * An event that cannot be written is logged and does not fail the payment: the money
 * has moved, and the processor's records remain the source of truth.
 */
export interface LinkAudit {
  payment(link: HostedLink, attempt: number, payment: Payment): Promise<void>;
  refused(link: HostedLink, attempt: number, code: string): Promise<void>;
  completed(link: HostedLink, paymentId: string): Promise<void>;
}

export function linkAudit(events: EventLog, logger: Logger): LinkAudit {
  const append = async (link: HostedLink, type: string, data: Record<string, string | number | boolean>) => {
    try {
      await events.append({
        type, tenant: link.tenant, accountId: link.accountId, at: Date.now(),
        data: { paymentLinkId: link.id, channel: 'hosted_page', ...data },
      });
    } catch (error) {
      logger.error({ err: error, eventType: type, paymentLinkId: link.id }, 'audit event could not be written');
    }
  };
  return {
    payment: (link, attempt, payment) => append(link, `payment.${payment.status}`, {
      paymentId: payment.id,
      customerId: link.customerId,
      amount: payment.amount.amount,
      currency: payment.amount.currency,
      attempt,
      ...(payment.decline ? { declineReason: payment.decline.reason, processorCode: payment.decline.processorCode } : {}),
    }),
    refused: (link, attempt, code) => append(link, 'payment_link.charge_refused', { attempt, code }),
    completed: (link, paymentId) => append(link, 'payment_link.completed', {
      paymentId, amount: link.amount.amount, currency: link.amount.currency, customerId: link.customerId,
    }),
  };
}
