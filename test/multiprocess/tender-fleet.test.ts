import { afterAll, beforeAll } from 'vitest';
import { testRedisUrl } from '../setup/redis-env.js';
import { describeCrashRetry } from './crash-retry.js';
import { describeExactlyOnce } from './exactly-once.js';
import { describeProcessorTimeout } from './processor-timeout.js';
import { startTenderFleet, stopTenderFleet, type TenderFleet } from './tender-fleet.js';

/**
 * Exactly-once charging across real Tender processes sharing the suite's Redis, with
 * the processors' own records counted at their sandboxes (tender-fleet.ts). The crash
 * scenario kills a process, so it comes last.
 */
let fleet: TenderFleet | undefined;

beforeAll(async () => {
  fleet = await startTenderFleet(testRedisUrl());
}, 45_000);

afterAll(() => stopTenderFleet(fleet));

const current = (): TenderFleet => {
  if (!fleet) throw new Error('the Tender fleet did not start');
  return fleet;
};

describeExactlyOnce(current);
describeProcessorTimeout(current);
describeCrashRetry(current);
