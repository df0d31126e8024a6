import { fromBinary } from '@bufbuild/protobuf';
import { createStripeClient } from '../../src/adapters/stripe/client.js';
import { TENDER_METADATA } from '../../src/adapters/stripe/wire.js';
import { PaymentStatus } from '../../src/gen/tender/v1/common_pb.js';
import { ChargeResponseSchema } from '../../src/gen/tender/v1/payments_pb.js';
import { bearer, openChannels, sendUnary } from './grpc-calls.js';
import {
  CHARGE_AMOUNT, CHARGE_DESCRIPTION, CHARGE_METADATA, CHARGE_METHOD_PATH, ECHO_METHOD_PATH,
  DEMO_PAYER, chargeRequestBytes,
} from './messages.js';
import type { Payer } from './payers.js';

/**
 * What the load generator can drive:
 * - echo:   the bare grpc-js server (the ceiling);
 * - replay: Tender's Charge, one stored key sent again and again (idempotent replay);
 * - fresh:  Tender's Charge with a new key per call, reaching the Stripe sandbox;
 * - sdk:    the same charge sent straight to the sandbox with the Stripe SDK, set up as
 *           Tender's adapter sets it up (src/adapters/stripe/client.ts).
 */
export type TargetKind = 'echo' | 'replay' | 'fresh' | 'sdk';

export interface TargetSpec {
  target: TargetKind;
  /** gRPC "host:port" for echo, replay and fresh. */
  grpcAddress?: string;
  apiKey?: string;
  /** The sandbox, for sdk. */
  sandbox?: { host: string; port: number; secretKey: string };
  channels: number;
  /** Whose cards are charged: slot i charges payers[i % length]; the demo customer when absent. */
  payers?: Payer[];
  /** Idempotency keys are `<keyPrefix>-<n>`, n from 0, so the run can delete what it stored. */
  keyPrefix: string;
}

export interface Target {
  send(slot: number): Promise<void>;
  /** Facts about the target for the report (e.g. response size), and the keys used. */
  describe(): Record<string, unknown>;
  close(): void;
}

const DEADLINE_MS = 10_000;

export async function openTarget(spec: TargetSpec): Promise<Target> {
  switch (spec.target) {
    case 'echo':
      return grpcTarget(spec, ECHO_METHOD_PATH, false);
    case 'replay':
      return grpcTarget(spec, CHARGE_METHOD_PATH, true);
    case 'fresh':
      return freshChargeTarget(spec);
    case 'sdk':
      return sdkTarget(spec);
  }
}

/** One request, sent again and again: the echo, or a stored charge replayed. */
async function grpcTarget(spec: TargetSpec, path: string, isReplay: boolean): Promise<Target> {
  const clients = await openChannels(required(spec.grpcAddress, 'grpcAddress'), spec.channels);
  const metadata = bearer(spec.apiKey);
  const body = chargeRequestBytes(`${spec.keyPrefix}-0`, payerOf(spec, 0));
  const first = await sendUnary(clients[0]!, path, body, metadata(), { deadlineMs: DEADLINE_MS });
  const firstPayment = succeededPayment(first.body);
  if (isReplay) {
    const again = await sendUnary(clients[0]!, path, body, metadata(), { deadlineMs: DEADLINE_MS, withHeaders: true });
    if (again.headers?.get('idempotent-replayed')[0] !== 'true') throw new Error('the second call was not a replay');
    if (succeededPayment(again.body) !== firstPayment) throw new Error('the replay answered another payment');
  }
  return {
    send: async (slot) => {
      await sendUnary(clients[slot % clients.length]!, path, body, metadata(), { deadlineMs: DEADLINE_MS });
    },
    describe: () => ({ requestBytes: body.length, responseBytes: first.body.length, keysUsed: isReplay ? 1 : 0 }),
    close: () => clients.forEach((client) => client.close()),
  };
}

/** A new key per call; every answer is decoded and must be a succeeded payment. */
async function freshChargeTarget(spec: TargetSpec): Promise<Target> {
  const clients = await openChannels(required(spec.grpcAddress, 'grpcAddress'), spec.channels);
  const metadata = bearer(spec.apiKey);
  let sent = 0;
  return {
    send: async (slot) => {
      const body = chargeRequestBytes(`${spec.keyPrefix}-${sent++}`, payerOf(spec, slot));
      const answer = await sendUnary(clients[slot % clients.length]!, CHARGE_METHOD_PATH, body, metadata(), { deadlineMs: DEADLINE_MS });
      succeededPayment(answer.body);
    },
    describe: () => ({ keysUsed: sent }),
    close: () => clients.forEach((client) => client.close()),
  };
}

/** The charge Tender's adapter sends (src/adapters/stripe/payments.ts), from here. */
async function sdkTarget(spec: TargetSpec): Promise<Target> {
  const sandbox = required(spec.sandbox, 'sandbox');
  const client = createStripeClient({ secretKey: sandbox.secretKey, host: sandbox.host, port: sandbox.port, protocol: 'http' });
  let sent = 0;
  return {
    send: async (slot) => {
      const payer = payerOf(spec, slot);
      const idempotencyKey = `tnd_${spec.keyPrefix}-${sent++}`;
      const intent = await client.api.paymentIntents.create(
        {
          amount: CHARGE_AMOUNT.amount,
          currency: CHARGE_AMOUNT.currency.toLowerCase(),
          customer: payer.customerId,
          payment_method: payer.paymentMethodId,
          confirm: true,
          off_session: true,
          description: CHARGE_DESCRIPTION,
          metadata: { ...CHARGE_METADATA, [TENDER_METADATA.key]: idempotencyKey },
        },
        { idempotencyKey },
      );
      if (intent.status !== 'succeeded') throw new Error(`payment intent ${intent.status}`);
    },
    describe: () => ({ keysUsed: 0 }),
    close: () => client.close(),
  };
}

function payerOf(spec: TargetSpec, slot: number): Payer {
  return spec.payers?.[slot % spec.payers.length] ?? DEMO_PAYER;
}

function succeededPayment(body: Buffer): string {
  const payment = fromBinary(ChargeResponseSchema, body).payment;
  if (payment?.status !== PaymentStatus.SUCCEEDED) throw new Error(`payment ${payment ? PaymentStatus[payment.status] : 'missing'}`);
  return payment.id;
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`load target needs ${name}`);
  return value;
}
