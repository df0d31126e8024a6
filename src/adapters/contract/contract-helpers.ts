import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { isTenderError } from '../../core/errors.js';
import type { MutationContext } from '../../core/processor-port.js';
import type { Capability, Money, Payment } from '../../core/types.js';
import type { ContractFixture } from './contract-fixture.js';

/** The suite's fixture, available once `beforeAll` has built it. */
export type FixtureOf = () => ContractFixture;

/** A fresh processor key in the shape processor-key.ts promises: <= 64 chars, [A-Za-z0-9_-]. */
export function newContext(): MutationContext {
  return { processorIdempotencyKey: `contract-${randomUUID()}` };
}

export function money(fixture: ContractFixture, amount: number): Money {
  return { amount, currency: fixture.seeded.currency };
}

/**
 * Runs `use` when the adapter declares `capability`; otherwise `use` must fail with
 * TenderError `unimplemented` (processor-port.ts: never an invented answer).
 */
export async function whenCapable(
  fixture: ContractFixture,
  capability: Capability,
  use: () => Promise<unknown>,
): Promise<void> {
  if (fixture.adapter.capabilities.has(capability)) {
    await use();
    return;
  }
  const failure = await use().then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(isTenderError(failure), `${capability} is not declared: expected TenderError unimplemented`).toBe(true);
  expect(failure).toMatchObject({ code: 'unimplemented' });
}

/** A successful off-session charge of the seeded customer's default method. */
export async function chargeDefault(fixture: ContractFixture, amount: number): Promise<Payment> {
  const { customerId, defaultPaymentMethodId } = fixture.seeded;
  const payment = await fixture.adapter.charge(
    {
      customerId,
      paymentMethodId: defaultPaymentMethodId,
      amount: money(fixture, amount),
      description: 'contract charge',
      metadata: {},
    },
    newContext(),
  );
  expect(payment.status).toBe('succeeded');
  return payment;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
