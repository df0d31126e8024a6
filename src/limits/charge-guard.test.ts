import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { TenderError } from '../core/errors.js';
import type { DeclineReason, Payment, PaymentStatus } from '../core/types.js';
import { createMemoryDeclineLimits } from '../store/memory/memory-decline-limits.js';
import { chargeWithinLimits } from './charge-guard.js';
import { createDeclineLimiter } from './decline-limiter.js';
import { limitOutcomeOf } from './outcome.js';
import { DEFAULT_DECLINE_LIMITS } from './settings.js';

const logger = pino({ level: 'silent' });
const subject = { tenant: 'acme', customerId: 'acct:cus_1', paymentMethodId: 'acct:pm_1' };

function payment(status: PaymentStatus, reason?: DeclineReason): Payment {
  return {
    id: 'pi_1', customerId: 'cus_1', paymentMethodId: 'pm_1', invoiceId: '', amount: { amount: 100, currency: 'USD' }, status,
    amountRefunded: { amount: 0, currency: 'USD' }, description: '', ...(reason ? { decline: { reason, processorCode: 'x' } } : {}),
  };
}

function setup() {
  const limiter = createDeclineLimiter({ store: createMemoryDeclineLimits(), leaseMs: 60_000, settingsFor: () => DEFAULT_DECLINE_LIMITS });
  let sent = 0;
  const run = async (send: () => Promise<Payment>) => {
    const limited = await chargeWithinLimits(limiter, {
      subject, logger, resolveDefault: async () => '', methodOf: () => 'acct:pm_1',
      send: () => {
        sent += 1;
        return send();
      },
    });
    await limited.counted;
    return limited.payment;
  };
  const counts = async () => (await limiter.read(subject)).map((reading) => [reading.scope, reading.count, reading.inFlight]);
  return { run, counts, sent: () => sent };
}

describe('limitOutcomeOf', () => {
  it('counts only declines as declines, hard ones by the decline policy', () => {
    expect(limitOutcomeOf(payment('succeeded'))).toBe('success');
    expect(limitOutcomeOf(payment('declined', 'insufficient_funds'))).toBe('decline');
    for (const hard of ['lost_or_stolen', 'suspected_fraud', 'invalid_account', 'do_not_retry'] as const) {
      expect(limitOutcomeOf(payment('declined', hard))).toBe('hard_decline');
    }
    for (const status of ['outcome_unknown', 'requires_action', 'processing', 'canceled'] as const) {
      expect(limitOutcomeOf(payment(status))).toBe('attempt');
    }
  });
});

describe('chargeWithinLimits', () => {
  it('counts declines and refuses before sending once the customer limit is reached', async () => {
    const { run, counts, sent } = setup();
    for (let n = 0; n < 3; n++) await run(async () => payment('declined', 'generic'));
    await expect(run(async () => payment('succeeded'))).rejects.toMatchObject({ code: 'resource_exhausted' });
    expect(sent()).toBe(3);
    expect(await counts()).toEqual([
      ['customer_declines', 3, 0], ['method_attempts', 3, 0], ['method_declines', 3, 0], ['method_blocked', 0, 0],
    ]);
  });

  it('releases the slot when the charge failed short of the processor, and counts an attempt when it may have reached it', async () => {
    const { run, counts } = setup();
    await expect(run(async () => {
      throw new TenderError('invalid_argument', 'payment_method_id: not found', { field: 'payment_method_id' });
    })).rejects.toMatchObject({ code: 'invalid_argument' });
    expect(await counts()).toEqual([
      ['customer_declines', 0, 0], ['method_attempts', 0, 0], ['method_declines', 0, 0], ['method_blocked', 0, 0],
    ]);
    await expect(run(async () => {
      throw new TenderError('unavailable', 'connection reset', { processorReached: true });
    })).rejects.toMatchObject({ code: 'unavailable' });
    expect(await counts()).toEqual([
      ['customer_declines', 0, 0], ['method_attempts', 1, 0], ['method_declines', 0, 0], ['method_blocked', 0, 0],
    ]);
  });
});
