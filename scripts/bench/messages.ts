import { create, toBinary } from '@bufbuild/protobuf';
import { paymentMessage } from '../../src/api/mapping/payments.js';
import type { AccountEntry } from '../../src/api/registry.js';
import {
  ChargeRequestSchema,
  ChargeResponseSchema,
  type ChargeRequest,
  type ChargeResponse,
} from '../../src/gen/tender/v1/payments_pb.js';
import type { Payer } from './payers.js';

/**
 * The messages every scenario sends, so that the ceiling, the replay and the fresh
 * charges all move the same shapes: a Charge of a sandbox customer's saved Visa, which
 * always succeeds (the demo customer of src/sandboxes/stripe/seed.ts, or one made for
 * the run by payers.ts).
 */

export const BENCH_ACCOUNT_ID = 'bench-stripe';
export const SANDBOX_CUSTOMER = 'cus_demo_jordan';
export const SANDBOX_PAYMENT_METHOD = 'pm_demo_jordan_visa';
export const CHARGE_AMOUNT = { amount: 1_250, currency: 'USD' } as const;
export const CHARGE_DESCRIPTION = 'Service call, benchmark';
export const CHARGE_METADATA: Readonly<Record<string, string>> = { work_order: 'WO-20931' };

/** The echo server's only method; its messages are Tender's Charge messages. */
export const ECHO_METHOD_PATH = '/tender.bench.Echo/Charge';
export const CHARGE_METHOD_PATH = '/tender.v1.PaymentService/Charge';

/** The seeded demo customer, for the echo server's request. */
export const DEMO_PAYER: Payer = { customerId: SANDBOX_CUSTOMER, paymentMethodId: SANDBOX_PAYMENT_METHOD };

export function chargeRequest(idempotencyKey: string, payer: Payer): ChargeRequest {
  return create(ChargeRequestSchema, {
    idempotencyKey,
    customerId: `${BENCH_ACCOUNT_ID}:${payer.customerId}`,
    paymentMethodId: `${BENCH_ACCOUNT_ID}:${payer.paymentMethodId}`,
    amount: { amount: BigInt(CHARGE_AMOUNT.amount), currency: CHARGE_AMOUNT.currency },
    description: CHARGE_DESCRIPTION,
    metadata: { ...CHARGE_METADATA },
  });
}

export function chargeRequestBytes(idempotencyKey: string, payer: Payer): Buffer {
  return Buffer.from(toBinary(ChargeRequestSchema, chargeRequest(idempotencyKey, payer)));
}

/**
 * What Tender answers such a charge, built with Tender's own mapping, for the echo
 * server to send back: the ceiling serializes a message of the same shape and size.
 */
export function sampleChargeResponse(): ChargeResponse {
  const account = { id: BENCH_ACCOUNT_ID, processor: 'stripe', displayName: BENCH_ACCOUNT_ID, sandbox: false } as AccountEntry;
  const amount = { amount: CHARGE_AMOUNT.amount, currency: CHARGE_AMOUNT.currency };
  return create(ChargeResponseSchema, {
    payment: paymentMessage(account, {
      id: 'pi_3f1c2b9e8d7a6c5b4a3f2e1d',
      customerId: SANDBOX_CUSTOMER,
      paymentMethodId: SANDBOX_PAYMENT_METHOD,
      invoiceId: '',
      amount,
      status: 'succeeded',
      amountRefunded: { amount: 0, currency: amount.currency },
      createdAt: new Date(),
      description: CHARGE_DESCRIPTION,
    }),
  });
}
