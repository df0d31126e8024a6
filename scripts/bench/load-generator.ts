import type { LoadJob } from './load-job.js';
import { runLoad } from './load-loop.js';
import { openTarget } from './load-targets.js';

/**
 * The load generator, run as its own process so that it never shares an event loop
 * with the server under test. Takes one job as JSON in argv[2]; prints one line
 * "RESULT <json>" (the stats, its own CPU time per call, which for the direct SDK runs
 * is the SDK's cost, and the target's facts) and exits.
 */
const job = JSON.parse(process.argv[2] ?? '{}') as LoadJob;
const target = await openTarget(job);
try {
  const before = process.cpuUsage();
  const stats = await runLoad((slot) => target.send(slot), job);
  const used = process.cpuUsage(before);
  const generatorCpuUsPerCall = Math.round((used.user + used.system) / Math.max(1, stats.totalCalls));
  process.stdout.write(`RESULT ${JSON.stringify({ ...stats, generatorCpuUsPerCall, ...target.describe() })}\n`);
} finally {
  target.close();
}
process.exit(0);
