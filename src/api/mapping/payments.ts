import { create } from '@bufbuild/protobuf';
import { DeclineReason, DeclineSchema, PaymentStatus, Processor } from '../../gen/tender/v1/common_pb.js';
import {
  PaymentLinkSchema,
  PaymentLinkStatus,
  PaymentSchema,
  RefundMethod,
  RefundReason,
  RefundSchema,
  RefundStatus,
  type Payment as PaymentMessage,
  type PaymentLink as PaymentLinkMessage,
  type Refund as RefundMessage,
} from '../../gen/tender/v1/payments_pb.js';
import { paymentSentence, refundSentence } from '../../core/caller-messages.js';
import { confirmationCode } from '../../core/confirmation-code.js';
import { describeDecline } from '../../core/decline-policy.js';
import { formatId, formatOptionalId } from '../../core/ids.js';
import type { Payment, PaymentLink, Refund } from '../../core/types.js';
import type { AccountEntry } from '../registry.js';
import { moneyMessage, timestamp } from './common.js';
import { toEnum } from './enums.js';

export function paymentMessage(account: AccountEntry, payment: Payment): PaymentMessage {
  const id = formatId(account.id, payment.id);
  // Nothing to confirm while nobody knows whether the money moved.
  const code = payment.status === 'outcome_unknown' ? '' : confirmationCode(id);
  // A decline explains DECLINED, and REQUIRES_ACTION when the processor refused an
  // off-session charge for want of authentication (reason AUTHENTICATION_REQUIRED).
  const explained = payment.status === 'declined' || payment.status === 'requires_action';
  const decline = payment.decline && explained ? describeDecline(payment.decline) : undefined;
  return create(PaymentSchema, {
    id,
    accountId: account.id,
    processor: toEnum(Processor, account.processor),
    customerId: formatOptionalId(account.id, payment.customerId),
    paymentMethodId: formatOptionalId(account.id, payment.paymentMethodId),
    invoiceId: formatOptionalId(account.id, payment.invoiceId),
    amount: moneyMessage(payment.amount),
    status: toEnum(PaymentStatus, payment.status),
    confirmationCode: code,
    decline: decline && create(DeclineSchema, {
      reason: toEnum(DeclineReason, decline.reason),
      retryMaySucceed: decline.retryMaySucceed,
      callerMessage: decline.callerMessage,
      processorCode: decline.processorCode,
      processorMessage: decline.processorMessage,
      hard: decline.hard,
    }),
    callerMessage: paymentSentence(payment.status, payment.amount, code, decline?.callerMessage ?? ''),
    amountRefunded: moneyMessage(payment.amountRefunded),
    createdAt: timestamp(payment.createdAt),
    description: payment.description,
  });
}

export function refundMessage(account: AccountEntry, refund: Refund): RefundMessage {
  return create(RefundSchema, {
    id: formatId(account.id, refund.id),
    paymentId: formatOptionalId(account.id, refund.paymentId),
    amount: moneyMessage(refund.amount),
    status: toEnum(RefundStatus, refund.status),
    reason: toEnum(RefundReason, refund.reason),
    method: toEnum(RefundMethod, refund.method),
    createdAt: timestamp(refund.createdAt),
    callerMessage: refundSentence(refund.status, refund.amount),
  });
}

export function paymentLinkMessage(account: AccountEntry, link: PaymentLink): PaymentLinkMessage {
  return create(PaymentLinkSchema, {
    id: formatId(account.id, link.id),
    url: link.url,
    amount: moneyMessage(link.amount),
    status: toEnum(PaymentLinkStatus, link.status),
    expiresAt: timestamp(link.expiresAt),
    customerId: formatOptionalId(account.id, link.customerId),
    invoiceId: formatOptionalId(account.id, link.invoiceId),
    paymentId: formatOptionalId(account.id, link.paymentId),
    description: link.description,
  });
}
