/**
 * `npm run demo [address]`: runs the brief's sample call against a running Tender
 * (`npm start` in another terminal), first for a caller whose saved Visa is charged,
 * then for one whose card declines. Exits non-zero if either call goes otherwise.
 */
import { DEMO_API_KEY } from '../src/config/demo.js';
import { checkReachable, sampleCall } from '../src/demo/sample-call.js';
import { PaymentStatus } from '../src/gen/tender/v1/common_pb.js';

const address = process.argv[2] ?? process.env['TENDER_ADDRESS'] ?? '127.0.0.1:50051';
const apiKey = process.env['TENDER_API_KEY'] ?? DEMO_API_KEY;
const options = { address, apiKey };

try {
  await checkReachable(options);
} catch (error) {
  process.stderr.write(`Tender does not answer on ${address} (${(error as Error).message}). Start it with: npm start\n`);
  process.exit(1);
}

process.stdout.write('--- A caller pays their open invoice with the saved card ---\n');
const paid = await sampleCall('(415) 555-0123', options);
process.stdout.write(`(whole call: ${paid.elapsedMs.toFixed(0)} ms of Tender time)\n\n`);

process.stdout.write('--- The same call for a caller whose card declines ---\n');
const declined = await sampleCall('(415) 555-0188', options);
process.stdout.write(`(whole call: ${declined.elapsedMs.toFixed(0)} ms of Tender time)\n`);

const ok = paid.payment.status === PaymentStatus.SUCCEEDED && declined.payment.status === PaymentStatus.DECLINED;
process.exit(ok ? 0 : 1);
