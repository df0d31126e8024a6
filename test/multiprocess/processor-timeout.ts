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
 * payment the processor made.
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
}
