import * as grpc from '@grpc/grpc-js';
import { describe, it } from 'vitest';
import { PaymentStatus } from '../../src/gen/tender/v1/common_pb.js';
import { callOptions, chargeRequest, grpcStatusName } from './charges.js';
import { delayNextCharge, paymentCount, waitFor } from './sandbox-processes.js';
import { IMPATIENT_TIMEOUT_MS, PROCESSORS, type TenderFleet } from './tender-fleet.js';

/** Beyond the impatient accounts' adapter timeout. */
const HELD_MS = 1_500;

/**
 * A processor that answers after the adapter's timeout: the money may have moved, so
 * the caller must hear "outcome unknown", never "declined" (payments-domain.md,
 * "Timeouts are not declines"). Tender stores no result for an unknown outcome, so a
 * retry with the same key runs again under the same processor key and reports the one
 * payment the processor made; without a retry, Tender's reconciler does the same by
 * itself (src/reconcile/), and the reference the caller got reads as that payment.
 */
export function describeProcessorTimeout(current: () => TenderFleet): void {
  describe(`a processor slower than the adapter timeout (${IMPATIENT_TIMEOUT_MS} ms)`, () => {
    // Concurrently: each processor has its own sandbox.
    it.concurrent.for(PROCESSORS)('%s: the caller hears outcome unknown, and a retry with the key reports the one payment', async (processor, { expect }) => {
      const { sandboxes, deployment, tenders, newKey } = current();
      const tender = tenders[0]!;
      const sandbox = sandboxes.get(processor)!;
      const account = deployment.accounts[`impatient-${processor}`];
      const before = await paymentCount(sandbox);
      const request = chargeRequest(account, newKey(`timeout-${processor}`));
      await delayNextCharge(sandbox, HELD_MS);

      const started = Date.now();
      const first = await tender.payments.charge(request, callOptions(deployment));
      expect(first.response.payment?.status).toBe(PaymentStatus.OUTCOME_UNKNOWN);
      expect(first.response.payment?.decline).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(HELD_MS);

      // Retried at once, while the processor still holds the charge: still not known,
      // or refused as in flight; never declined, never a second payment.
      const early = await tender.payments.charge(request, callOptions(deployment)).then(
        ({ response }) => PaymentStatus[response.payment?.status ?? PaymentStatus.UNSPECIFIED],
        (error: unknown) => grpcStatusName(error),
      );
      expect([PaymentStatus[PaymentStatus.OUTCOME_UNKNOWN], grpc.status[grpc.status.ABORTED]]).toContain(early);

      await waitFor(`${processor} to finish the held charge`, 5_000, async () => (await paymentCount(sandbox)) > before);
      const settled = await tender.payments.charge(request, callOptions(deployment));
      expect(settled.response.payment?.status).toBe(PaymentStatus.SUCCEEDED);
      expect(settled.response.payment?.id).toMatch(new RegExp(`^${account!.id}:.+`));
      const replay = await tender.payments.charge(request, callOptions(deployment));
      expect(replay.headers.get('idempotent-replayed')).toEqual(['true']);
      expect(replay.response.payment?.id).toBe(settled.response.payment?.id);
      expect(await paymentCount(sandbox)).toBe(before + 1);
    });
  });

  // After the block above, not beside it: both count the same sandboxes' payments.
  describe(`a processor slower than the adapter timeout, and no retry`, () => {
    it.concurrent.for(PROCESSORS)('%s: with no retry from the caller, Tender settles it by itself and the reference reads as the one payment, on every instance', async (processor, { expect }) => {
      const { sandboxes, deployment, tenders, newKey } = current();
      const sandbox = sandboxes.get(processor)!;
      const account = deployment.accounts[`impatient-${processor}`]!;
      const before = await paymentCount(sandbox);
      const request = chargeRequest(account, newKey(`self-settle-${processor}`));
      await delayNextCharge(sandbox, HELD_MS);

      const first = (await tenders[0]!.payments.charge(request, callOptions(deployment))).response.payment!;
      expect(first.status).toBe(PaymentStatus.OUTCOME_UNKNOWN);
      expect(first.id).toMatch(new RegExp(`^${account.id}:unsettled_`));

      // Whichever instance's reconciler takes it, every instance reads the settled payment.
      let settledId = '';
      await waitFor(`${processor}: the unknown outcome to settle`, 15_000, async () => {
        const read = await tenders[1]!.payments.getPayment({ paymentId: first.id }, callOptions(deployment));
        settledId = read.response.payment?.status === PaymentStatus.SUCCEEDED ? read.response.payment.id : '';
        return settledId !== '';
      });
      expect(settledId).toMatch(new RegExp(`^${account.id}:(?!unsettled_).+`));
      for (const tender of tenders) {
        const read = await tender.payments.getPayment({ paymentId: first.id }, callOptions(deployment));
        expect(read.response.payment?.id).toBe(settledId);
      }
      const replay = await tenders[2]!.payments.charge(request, callOptions(deployment));
      expect(replay.headers.get('idempotent-replayed')).toEqual(['true']);
      expect(replay.response.payment?.id).toBe(settledId);
      expect(await paymentCount(sandbox)).toBe(before + 1);
    });
  });
}
