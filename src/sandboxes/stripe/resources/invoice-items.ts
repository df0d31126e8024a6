import { newId } from '../state.js';
import type { Metadata, WireObject } from '../wire.js';
import type { StripePrice } from './prices.js';

/** A pending invoice item: what a proration leaves for the subscription's next invoice. */
export interface StripeInvoiceItem extends WireObject {
  object: 'invoiceitem';
  amount: number;
  currency: string;
  customer: string;
  description: string;
  invoice: string | null;
  proration: boolean;
  period: { start: number; end: number };
  metadata: Metadata;
}

export interface InvoiceItemFields {
  customer: string;
  amount: number;
  currency: string;
  description: string;
  period: { start: number; end: number };
  proration: boolean;
  price: StripePrice | null;
  subscription: string | null;
  subscriptionItem: string | null;
}

export function buildInvoiceItem(fields: InvoiceItemFields, created: number): StripeInvoiceItem {
  return {
    id: newId('ii'),
    object: 'invoiceitem',
    amount: fields.amount,
    currency: fields.currency,
    customer: fields.customer,
    customer_account: null,
    date: created,
    description: fields.description,
    discountable: !fields.proration,
    discounts: [],
    invoice: null,
    livemode: false,
    metadata: {},
    net_amount: fields.amount,
    parent: fields.subscription
      ? {
          subscription_details: { subscription: fields.subscription, subscription_item: fields.subscriptionItem },
          type: 'subscription_details',
        }
      : null,
    period: fields.period,
    pricing: fields.price
      ? {
          price_details: { price: fields.price.id, product: fields.price.product },
          type: 'price_details',
          unit_amount_decimal: String(fields.amount),
        }
      : null,
    proration: fields.proration,
    quantity: 1,
    quantity_decimal: '1',
    tax_rates: [],
    test_clock: null,
  };
}
