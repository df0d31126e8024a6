import { describe, expect, it } from 'vitest';
import type { MutationContext } from '../../core/processor-port.js';
import type { Payment } from '../../core/types.js';
import type { ContractFault, ContractFixture } from './contract-fixture.js';
import { money, newContext, sleep, type FixtureOf } from './contract-helpers.js';

function chargeWith(f: ContractFixture, ctx: MutationContext, amount: number): Promise<Payment> {
  return f.adapter.charge(
    {
      customerId: f.seeded.customerId,
      paymentMethodId: f.seeded.defaultPaymentMethodId,
      amount: money(f, amount),
      description: 'contract resilience',
      metadata: {},
    },
    ctx,
  );
}

/**
 * Retries with the same key until the processor gives a definite answer. A request
 * that timed out may still be running at the processor; until it finishes, a retry can
 * be refused as "in use", which is itself an unknown outcome.
 */
async function settle(f: ContractFixture, ctx: MutationContext, amount: number): Promise<Payment> {
  for (let attempt = 0; ; attempt += 1) {
    const payment = await chargeWith(f, ctx, amount);
    if (payment.status !== 'outcome_unknown' || attempt === 20) return payment;
    await sleep(250);
  }
}

/** Never charge twice, never call an unknown outcome a decline. */
export function resilienceContract(fixtureOf: FixtureOf): void {
  describe('idempotency and unknown outcomes', () => {
    it('the same key twice makes one payment and returns the same id', async () => {
      const f = fixtureOf();
      const before = f.countPayments();
      const ctx = newContext();
      const first = await chargeWith(f, ctx, 4100);
      const second = await chargeWith(f, ctx, 4100);
      expect(first.status).toBe('succeeded');
      expect(second.id).toBe(first.id);
      expect(second.status).toBe('succeeded');
      expect(f.countPayments()).toBe(before + 1);
    });

    const faults: ContractFault[] = ['lost_response', 'timeout'];
    it.each(faults)('a %s is outcome_unknown, and a retry with the same key settles to one payment', async (fault) => {
      const f = fixtureOf();
      const before = f.countPayments();
      const ctx = newContext();
      const injectedAt = Date.now();
      f.injectFault(fault);
      let unknown: Payment;
      try {
        unknown = await chargeWith(f, ctx, 4200);
      } finally {
        f.clearFaults();
      }
      expect(unknown.status).toBe('outcome_unknown');
      expect(unknown.decline).toBeUndefined();
      expect(unknown).toMatchObject({ amount: money(f, 4200), customerId: f.seeded.customerId });

      const settled = await settle(f, ctx, 4200);
      expect(settled.status).toBe('succeeded');
      expect(settled.id).not.toBe('');
      // A request the fault held may finish only now: it must not add a second payment.
      await sleep(Math.max(0, injectedAt + f.faultSettleMs + 100 - Date.now()));
      expect(f.countPayments()).toBe(before + 1);
      expect((await chargeWith(f, ctx, 4200)).id).toBe(settled.id);
    });
  });
}
