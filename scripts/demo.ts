/**
 * `npm run demo [address]`: runs the brief's sample call against a running Tender
 * (`npm start` in another terminal) on every account the key may use: first a caller
 * whose saved Visa is charged, then one whose card declines. The same RPCs, statuses
 * and sentences whatever processor sits behind the account. Exits non-zero if any call
 * goes otherwise.
 */
import { DEMO_API_KEY } from '../src/config/demo.js';
import { checkReachable, sampleCall } from '../src/demo/sample-call.js';
import { AccountService } from '../src/gen/tender/v1/accounts_pb.js';
import { PaymentStatus, Processor } from '../src/gen/tender/v1/common_pb.js';
import { makeClient } from '../src/server/client.js';

const address = process.argv[2] ?? process.env['TENDER_ADDRESS'] ?? '127.0.0.1:50051';
const apiKey = process.env['TENDER_API_KEY'] ?? DEMO_API_KEY;

try {
  await checkReachable({ address, apiKey });
} catch (error) {
  process.stderr.write(`Tender does not answer on ${address} (${(error as Error).message}). Start it with: npm start\n`);
  process.exit(1);
}

const client = makeClient(AccountService, address);
const { accounts } = (await client.listAccounts({}, { apiKey })).response;
client.close();

let ok = true;
for (const account of accounts) {
  const options = { address, apiKey, accountId: account.id };
  const processor = Processor[account.processor].toLowerCase();
  process.stdout.write(`=== ${account.displayName} (${processor}) ===\n`);
  process.stdout.write('--- A caller pays with the saved card ---\n');
  const paid = await sampleCall('(415) 555-0123', options);
  process.stdout.write(`(whole call: ${paid.elapsedMs.toFixed(0)} ms of Tender time)\n\n`);
  process.stdout.write('--- The same call for a caller whose card declines ---\n');
  const declined = await sampleCall('(415) 555-0188', options);
  process.stdout.write(`(whole call: ${declined.elapsedMs.toFixed(0)} ms of Tender time)\n\n`);
  ok &&= paid.payment.status === PaymentStatus.SUCCEEDED && declined.payment.status === PaymentStatus.DECLINED;
}
process.exit(ok ? 0 : 1);
