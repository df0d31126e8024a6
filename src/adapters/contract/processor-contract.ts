import { afterAll, beforeAll, describe } from 'vitest';
import type { ContractFixture } from './contract-fixture.js';
import { customerContract } from './customer-contract.js';
import { featureContract } from './feature-contract.js';
import { paymentContract } from './payment-contract.js';
import { resilienceContract } from './resilience-contract.js';

export type { ContractFault, ContractFixture, ChargeTarget, SeededData } from './contract-fixture.js';

/**
 * The processor-neutral contract every adapter must pass against its sandbox: the
 * same inputs give the same neutral answers whichever processor sits behind an
 * account (DESIGN.md, "Platform teams ... the same statuses, the same decline
 * reasons"). One fixture (one sandbox) serves the whole run; tests that change seeded
 * state (paying the invoice, cancelling the subscription) run after those that read it.
 */
export function describeProcessorContract(name: string, makeFixture: () => Promise<ContractFixture>): void {
  describe(`${name}: processor contract`, () => {
    let fixture: ContractFixture | undefined;
    beforeAll(async () => {
      fixture = await makeFixture();
    });
    afterAll(async () => {
      await fixture?.close();
    });
    const fixtureOf = (): ContractFixture => {
      if (!fixture) throw new Error(`${name} contract fixture failed to start`);
      return fixture;
    };

    customerContract(fixtureOf);
    paymentContract(fixtureOf);
    resilienceContract(fixtureOf);
    featureContract(fixtureOf);
  });
}
