import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { TenderError } from '../core/errors.js';
import { createMemoryDeclineLimits } from '../store/memory/memory-decline-limits.js';
import { createRedisStore } from '../store/redis/redis-store.js';
import { createDeclineLimiter } from './decline-limiter.js';
import { DeclineLimitReached } from './refusal.js';
import { DEFAULT_DECLINE_LIMITS } from './settings.js';

const logger = pino({ level: 'silent' });
const noDefault = async () => '';

function limiter(store = createMemoryDeclineLimits(), failOpenPerMinute?: number) {
  return createDeclineLimiter({
    store, leaseMs: 60_000, failOpenPerMinute,
    settingsFor: (tenant) => (tenant === 'strict' ? { ...DEFAULT_DECLINE_LIMITS, customerDeclines: 1 } : DEFAULT_DECLINE_LIMITS),
  });
}

async function refusal(promise: Promise<unknown>): Promise<DeclineLimitReached> {
  const error = await promise.then(() => undefined, (reason: unknown) => reason);
  if (!(error instanceof DeclineLimitReached)) throw new Error(`expected a decline-limit refusal, got ${String(error)}`);
  return error;
}

describe('decline limiter', () => {
  it("applies each tenant's settings, with the defaults elsewhere", async () => {
    const limits = limiter();
    const subject = (tenant: string) => ({ tenant, customerId: 'acct:cus_1', paymentMethodId: 'acct:pm_1' });
    for (const tenant of ['strict', 'acme']) {
      const ticket = await limits.reserve(subject(tenant), noDefault, logger);
      await limits.settle(ticket, 'decline', 'acct:pm_1', logger);
    }
    const refused = await refusal(limits.reserve(subject('strict'), noDefault, logger));
    expect(refused).toMatchObject({ code: 'resource_exhausted', field: 'customer_id' });
    expect(refused.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    expect(refused.message).toContain(`allowed in ${refused.retryAfterSeconds} seconds`);
    expect(refused.message).toMatch(/text you a secure link to pay, or connect you with someone/);
    await limits.reserve(subject('acme'), noDefault, logger);
    expect(limits.rulesFor('acme').customerDeclines).toEqual({ limit: 3, windowMs: 15 * 60_000 });
  });

  it('checks a charge naming no method against the default it went to last, asking the processor only when that one is refused', async () => {
    const limits = limiter();
    const subject = { tenant: 'acme', customerId: 'acct:cus_1', paymentMethodId: '' };
    let asked = 0;
    let currentDefault = 'acct:pm_lost';
    const resolveDefault = async () => {
      asked += 1;
      return currentDefault;
    };
    const first = await limits.reserve(subject, resolveDefault, logger);
    await limits.settle(first, 'hard_decline', 'acct:pm_lost', logger);
    expect(asked).toBe(0);

    const blocked = await refusal(limits.reserve(subject, resolveDefault, logger));
    expect(asked).toBe(1);
    expect(blocked.field).toBe('payment_method_id');
    expect(blocked.message).toMatch(/different card/);
    expect(blocked.message).not.toMatch(/lost|stolen|fraud/i);
    expect(blocked.retryAfterSeconds).toBeGreaterThan(29 * 86_400);

    currentDefault = 'acct:pm_new';
    const ticket = await limits.reserve(subject, resolveDefault, logger);
    expect(ticket.reservation.subject.paymentMethodId).toBe('acct:pm_new');
  });

  it('asks the processor for the default of a customer whose named method declined, and only then', async () => {
    const limits = limiter();
    const subject = { tenant: 'acme', customerId: 'acct:cus_1', paymentMethodId: '' };
    let asked = 0;
    const resolveDefault = async () => {
      asked += 1;
      return 'acct:pm_lost';
    };
    await limits.settle(await limits.reserve(subject, resolveDefault, logger), 'success', 'acct:pm_good', logger);
    await limits.settle(await limits.reserve({ ...subject, paymentMethodId: 'acct:pm_good' }, resolveDefault, logger), 'success', 'acct:pm_good', logger);
    expect(asked).toBe(0);
    const other = { ...subject, customerId: 'acct:cus_2' };
    await limits.settle(await limits.reserve({ ...other, paymentMethodId: 'acct:pm_lost' }, resolveDefault, logger), 'hard_decline', 'acct:pm_lost', logger);
    await refusal(limits.reserve(other, resolveDefault, logger));
    expect(asked).toBe(1);
  });

  it('lets a processor failure while finding the default through, instead of failing open', async () => {
    const limits = limiter();
    const subject = { tenant: 'acme', customerId: 'acct:cus_1', paymentMethodId: '' };
    await limits.settle(await limits.reserve(subject, noDefault, logger), 'hard_decline', 'acct:pm_1', logger);
    const down = async (): Promise<string> => {
      throw new TenderError('unavailable', 'processor unavailable');
    };
    await expect(limits.reserve(subject, down, logger)).rejects.toMatchObject({ code: 'unavailable', message: 'processor unavailable' });
  });

  describe('with the shared store unreachable', () => {
    const unreachable = createRedisStore({ url: 'redis://127.0.0.1:1' });
    afterAll(() => unreachable.close());

    it('fails open, counting locally with the same rules, up to the local cap', async () => {
      const limits = limiter(unreachable.limits, 4);
      const subject = { tenant: 'acme', customerId: 'acct:cus_1', paymentMethodId: 'acct:pm_1' };
      for (let n = 0; n < 3; n++) {
        const ticket = await limits.reserve(subject, noDefault, logger);
        expect(ticket.local).toBe(true);
        await limits.settle(ticket, 'decline', 'acct:pm_1', logger);
      }
      // The local count holds the customer limit.
      await refusal(limits.reserve(subject, noDefault, logger));
      // The fourth fail-open charge of the minute is allowed (another customer), the fifth is not.
      await limits.reserve({ ...subject, customerId: 'acct:cus_2' }, noDefault, logger);
      await expect(limits.reserve({ ...subject, customerId: 'acct:cus_3' }, noDefault, logger))
        .rejects.toMatchObject({ code: 'unavailable' });
    });

    it('keeps reads and resets failing closed', async () => {
      const limits = limiter(unreachable.limits);
      const subject = { tenant: 'acme', customerId: 'acct:cus_1', paymentMethodId: '' };
      await expect(limits.read(subject)).rejects.toMatchObject({ code: 'unavailable' });
      await expect(limits.reset(subject)).rejects.toMatchObject({ code: 'unavailable' });
    });
  });
});
