import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { ApiDeps } from '../api/deps.js';
import { TenderError } from '../core/errors.js';
import type { UnsettledCallStore } from '../store/unsettled-calls.js';
import { startReconciler } from './reconciler.js';
import { backoffMs } from './settle-one.js';
import { settlingLimiter, ticketFrom } from './settling-limiter.js';
import type { DeclineLimiter, LimitTicket } from '../limits/decline-limiter.js';

/** Just enough of ApiDeps for the reconciler's own loop: the list of unsettled calls. */
function depsWith(unsettled: Partial<UnsettledCallStore>): ApiDeps {
  return { store: { unsettled }, idempotency: { retentionMs: 60_000 }, registry: { tenants: () => ['acme'] } } as unknown as ApiDeps;
}

function recordingLogger() {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}

describe('startReconciler', () => {
  it('keeps going while the store is down, saying so once, and again when it is back', async () => {
    let down = true;
    const claims: number[] = [];
    const { logger, lines } = recordingLogger();
    const reconciler = startReconciler({
      deps: depsWith({
        claimDue: async (tenant, now) => {
          expect(tenant).toBe('acme');
          claims.push(now);
          if (down) throw new TenderError('unavailable', 'store unavailable');
          return [];
        },
      }),
      logger, intervalMs: 60_000, holdMs: 1_000, giveUpAfterMs: 3_600_000,
    });
    expect(await reconciler.runOnce()).toEqual([]);
    expect(await reconciler.runOnce()).toEqual([]);
    down = false;
    expect(await reconciler.runOnce({ asOf: 42 })).toEqual([]);
    await reconciler.stop();
    expect(claims).toHaveLength(3);
    expect(claims[2]).toBe(42);
    expect(lines.filter((line) => line.includes('cannot be read from the store'))).toHaveLength(1);
    expect(lines.filter((line) => line.includes('store answers again'))).toHaveLength(1);
  });

  it('joins a turn that is running instead of claiming twice', async () => {
    let release: () => void = () => {};
    let claims = 0;
    const reconciler = startReconciler({
      deps: depsWith({
        claimDue: async () => {
          claims += 1;
          await new Promise<void>((resolve) => (release = resolve));
          return [];
        },
      }),
      logger: pino({ level: 'silent' }), intervalMs: 60_000, holdMs: 1_000, giveUpAfterMs: 3_600_000,
    });
    const first = reconciler.runOnce();
    const second = reconciler.runOnce();
    release();
    await Promise.all([first, second]);
    expect(claims).toBe(1);
    await reconciler.stop();
  });
});

describe('backoffMs', () => {
  it('asks again soon at first, then settles at every 15 minutes', () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([5_000, 15_000, 30_000, 60_000]);
    expect(backoffMs(8)).toBe(900_000);
    expect(backoffMs(50)).toBe(900_000);
  });
});

describe('settlingLimiter', () => {
  const subject = { tenant: 'acme', customerId: 'acct:cus_1', paymentMethodId: 'acct:pm_1' };
  const never = { reserve: async () => { throw new Error('a settling re-run must not reserve'); } } as unknown as DeclineLimiter;

  it('hands back the slot the first attempt held, never reserving or refusing', async () => {
    const held: LimitTicket = { reservation: { subject, token: 'first-attempt' }, named: true, local: false };
    const limiter = settlingLimiter(never, ticketFrom(JSON.stringify(held)));
    expect(await limiter.reserve(subject, async () => '', pino({ level: 'silent' }))).toEqual(held);
  });

  it('uses a local slot when no ticket was kept or it does not read back', async () => {
    for (const kept of [undefined, 'not json', '{"reservation":{}}']) {
      const ticket = await settlingLimiter(never, ticketFrom(kept)).reserve(subject, async () => '', pino({ level: 'silent' }));
      expect(ticket.local).toBe(true);
    }
  });
});
