import type { Payment, PaymentStatus } from '../../core/types.js';

/**
 * What this adapter instance learned about its payments. Adyen's Checkout API has no
 * payment lookup (no GET /payments/{pspReference}; Adyen's answer is "keep what the
 * responses and notifications told you"), so GetPayment and the refund checks read this:
 * payments this instance charged, the refunds and cancellations it requested, and
 * the notifications it verified (which also teach it payments made through links).
 *
 * Limits, by design of the port (no store interface for adapters): it lives in this
 * process's memory, so another instance, or this one after a restart, does not know a
 * payment; and it keeps the most recent `capacity` payments. A payment it does not know
 * is reported as such (see payments.ts), never as declined or refunded.
 */
interface RefundEntry {
  paymentId: string;
  amount: number;
  status: 'pending' | 'succeeded' | 'failed';
  /** The processor key that requested it: a retry of that request is not a second refund. */
  key: string;
}

interface LedgerEntry {
  payment: Payment;
  /** False while an authorisation awaits a delayed capture: a full reversal is then a cancel. */
  captured: boolean;
}

export const DEFAULT_LEDGER_CAPACITY = 50_000;

export class PaymentLedger {
  private readonly payments = new Map<string, LedgerEntry>();
  private readonly refunds = new Map<string, RefundEntry>();
  private readonly linkPayments = new Map<string, string>();

  constructor(private readonly capacity = DEFAULT_LEDGER_CAPACITY) {}

  recordPayment(payment: Payment, captured: boolean): void {
    if (!payment.id) return;
    this.payments.delete(payment.id);
    this.payments.set(payment.id, { payment: { ...payment }, captured });
    while (this.payments.size > this.capacity) {
      const oldest = this.payments.keys().next().value as string;
      this.payments.delete(oldest);
    }
  }

  /** The payment with `amountRefunded` = refunds requested or done, failed ones excluded. */
  get(paymentId: string): Payment | undefined {
    const entry = this.payments.get(paymentId);
    if (!entry) return undefined;
    const refunded = this.refundedOf(paymentId, '');
    return { ...entry.payment, amountRefunded: { amount: refunded, currency: entry.payment.amount.currency } };
  }

  isCaptured(paymentId: string): boolean {
    return this.payments.get(paymentId)?.captured ?? true;
  }

  /** Refunded or pending amount of a payment, leaving out what `exceptKey` requested. */
  refundedOf(paymentId: string, exceptKey: string): number {
    let total = 0;
    for (const refund of this.refunds.values()) {
      if (refund.paymentId === paymentId && refund.status !== 'failed' && (exceptKey === '' || refund.key !== exceptKey)) {
        total += refund.amount;
      }
    }
    return total;
  }

  recordRefund(refundId: string, paymentId: string, amount: number, key: string): void {
    if (!this.refunds.has(refundId)) this.refunds.set(refundId, { paymentId, amount, status: 'pending', key });
  }

  settleRefund(refundId: string, succeeded: boolean): void {
    const refund = this.refunds.get(refundId);
    if (refund) refund.status = succeeded ? 'succeeded' : 'failed';
  }

  setStatus(paymentId: string, status: PaymentStatus): void {
    const entry = this.payments.get(paymentId);
    if (entry) entry.payment = { ...entry.payment, status };
  }

  markCaptured(paymentId: string): void {
    const entry = this.payments.get(paymentId);
    if (entry) entry.captured = true;
  }

  recordLinkPayment(linkId: string, paymentId: string): void {
    this.linkPayments.set(linkId, paymentId);
  }

  paymentOfLink(linkId: string): string {
    return this.linkPayments.get(linkId) ?? '';
  }
}
