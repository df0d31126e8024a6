import { describe, expect, it } from 'vitest';
import { PaymentStatus } from '../../src/gen/tender/v1/common_pb.js';
import { chargeRequest, chargeUntilAnswered } from './charges.js';
import { delayNextCharge, paymentCount } from './sandbox-processes.js';
import type { TenderFleet } from './tender-fleet.js';

/**
 * Three Tender processes on one Redis behave as one service: whichever instance a
 * duplicate lands on, the idempotency lease in Redis lets exactly one of them charge,
 * the others answer ABORTED until the result is stored, then replay it.
 */
export function describeExactlyOnce(current: () => TenderFleet): void {
  describe('three Tender processes on one Redis', () => {
    it('charge once for 30 concurrent calls with one key spread across the processes; every caller gets that payment', async () => {
      const { sandboxes, deployment, tenders, newKey } = current();
      const stripe = sandboxes.get('stripe')!;
      const before = await paymentCount(stripe);
      // Held at "Stripe" long enough that every duplicate arrives while the first runs.
      await delayNextCharge(stripe, 800);
      const request = chargeRequest(deployment.accounts['stripe'], newKey('once'));
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, n) => chargeUntilAnswered(tenders[n % tenders.length]!, deployment, request)),
      );

      const ids = new Set(answers.map((answer) => answer.response.payment?.id));
      expect(ids.size).toBe(1);
      expect([...ids][0]).toMatch(new RegExp(`^${deployment.accounts['stripe']!.id}:pi_`));
      expect(answers.every((answer) => answer.response.payment?.status === PaymentStatus.SUCCEEDED)).toBe(true);
      // One caller ran the charge; 29 got the stored result, after ABORTED while it ran.
      expect(answers.filter((answer) => !answer.replayed)).toHaveLength(1);
      expect(answers.filter((answer) => answer.aborted > 0).length).toBeGreaterThanOrEqual(29);
      expect(await paymentCount(stripe)).toBe(before + 1);
    });

    it('charge each of 20 keys once when every key is sent to all three processes at the same moment', async () => {
      const { sandboxes, deployment, tenders, newKey } = current();
      const stripe = sandboxes.get('stripe')!;
      const before = await paymentCount(stripe);
      const requests = Array.from({ length: 20 }, (_, n) => chargeRequest(deployment.accounts['stripe'], newKey('once'), 1_000 + n));
      const answers = await Promise.all(
        requests.map((request) => Promise.all(tenders.map((tender) => chargeUntilAnswered(tender, deployment, request)))),
      );

      for (const perKey of answers) {
        expect(new Set(perKey.map((answer) => answer.response.payment?.id)).size).toBe(1);
        expect(perKey.filter((answer) => !answer.replayed)).toHaveLength(1);
        expect(perKey[0]?.response.payment?.status).toBe(PaymentStatus.SUCCEEDED);
      }
      expect(new Set(answers.map((perKey) => perKey[0]?.response.payment?.id)).size).toBe(20);
      expect(await paymentCount(stripe)).toBe(before + 20);
    });
  });
}
