import { create } from '@bufbuild/protobuf';
import { Processor, WalletKind } from '../../gen/tender/v1/common_pb.js';
import {
  CustomerSchema,
  InvoiceSchema,
  InvoiceStatus,
  PastDueSubscriptionSchema,
  PaymentMethodSchema,
  type Customer as CustomerMessage,
  type Invoice as InvoiceMessage,
  type PastDueSubscription as PastDueMessage,
  type PaymentMethod as PaymentMethodMessage,
} from '../../gen/tender/v1/customers_pb.js';
import { formatId, formatOptionalId } from '../../core/ids.js';
import type { Customer, Invoice, PastDueSubscription, PaymentMethod } from '../../core/types.js';
import type { AccountEntry } from '../registry.js';
import { moneyMessage, timestamp } from './common.js';
import { toEnum } from './enums.js';

export function customerMessage(account: AccountEntry, customer: Customer): CustomerMessage {
  return create(CustomerSchema, {
    id: formatId(account.id, customer.id),
    accountId: account.id,
    processor: toEnum(Processor, account.processor),
    name: customer.name,
    email: customer.email,
    phone: customer.phone,
    createdAt: timestamp(customer.createdAt),
    metadata: customer.metadata,
  });
}

const BRAND_NAMES: Readonly<Record<string, string>> = {
  visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover',
  jcb: 'JCB', diners: 'Diners Club', unionpay: 'UnionPay',
};

/** "Visa ending in 4242": what the brief has the agent say. */
export function spokenLabel(method: PaymentMethod): string {
  const brand = BRAND_NAMES[method.brand] ?? 'Card';
  return method.last4 === '' ? brand : `${brand} ending in ${method.last4}`;
}

export function isExpired(method: PaymentMethod, now = new Date()): boolean {
  if (method.expYear === 0) return false;
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  return method.expYear < year || (method.expYear === year && method.expMonth < month);
}

export function paymentMethodMessage(account: AccountEntry, method: PaymentMethod): PaymentMethodMessage {
  return create(PaymentMethodSchema, {
    id: formatId(account.id, method.id),
    customerId: formatOptionalId(account.id, method.customerId),
    brand: method.brand,
    last4: method.last4,
    expMonth: method.expMonth,
    expYear: method.expYear,
    isDefault: method.isDefault,
    wallet: toEnum(WalletKind, method.wallet),
    spokenLabel: spokenLabel(method),
    expired: isExpired(method),
  });
}

export function invoiceMessage(account: AccountEntry, invoice: Invoice): InvoiceMessage {
  return create(InvoiceSchema, {
    id: formatId(account.id, invoice.id),
    customerId: formatOptionalId(account.id, invoice.customerId),
    status: toEnum(InvoiceStatus, invoice.status),
    amountDue: moneyMessage(invoice.amountDue),
    dueAt: timestamp(invoice.dueAt),
    description: invoice.description,
    number: invoice.number,
  });
}

export function pastDueMessage(account: AccountEntry, entry: PastDueSubscription): PastDueMessage {
  return create(PastDueSubscriptionSchema, {
    subscriptionId: formatId(account.id, entry.subscriptionId),
    balance: moneyMessage(entry.balance),
    description: entry.description,
    daysPastDue: entry.daysPastDue,
  });
}
