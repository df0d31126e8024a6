import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTender, type RunningTender } from '../../src/app.js';
import { DEMO_API_KEY, defaultConfig } from '../../src/config/demo.js';
import { AccountService } from '../../src/gen/tender/v1/accounts_pb.js';
import { CustomerService } from '../../src/gen/tender/v1/customers_pb.js';
import { PaymentService } from '../../src/gen/tender/v1/payments_pb.js';
import { SubscriptionService } from '../../src/gen/tender/v1/subscriptions_pb.js';
import { silentLogger } from '../../src/server/logger.js';
import { INSTALL_HINT, generatePythonStubs, pythonGrpcMissing, runPythonClient, type ClientRun } from './python-client.js';

/**
 * Every RPC of the contract, read from the contract itself: an RPC added to proto/ fails
 * this test until the Python client calls it too.
 */
const CONTRACT_RPCS = [CustomerService, PaymentService, SubscriptionService, AccountService].flatMap((service) =>
  service.methods.map((method) => `${service.name}.${method.name}`),
);
/** The calls beyond one per RPC: health, an idempotent replay, and two refusals. */
const EXTRA_CALLS = [
  'grpc.health.v1.Health.Check',
  'PaymentService.Charge#replay',
  'PaymentService.Charge#card-number',
  'AccountService.ListAccounts#bad-key',
];

const missing = pythonGrpcMissing();

if (missing !== undefined) {
  // CI installs the packages (.ci/run), so there a missing one is a broken build, not a skip.
  it('runs a Python gRPC client against Tender', (context) => {
    const message = `${missing}; ${INSTALL_HINT}`;
    if (process.env['CI']) throw new Error(message);
    // The default reporter does not print a skip's note; say it where a developer looks.
    console.warn(`skipped: ${message}`);
    context.skip(message);
  });
} else {
  describe('a Python client generated from proto/ alone', () => {
    let tender: RunningTender;
    let stubsDir: string;
    let report: ClientRun;

    beforeAll(async () => {
      stubsDir = await mkdtemp(join(tmpdir(), 'tender-python-stubs-'));
      await generatePythonStubs(stubsDir);
      // The no-configuration setup of `npm start`, on an ephemeral port.
      tender = await startTender({ ...defaultConfig(), listen: { grpc: '127.0.0.1:0' } }, { logger: silentLogger() });
      report = await runPythonClient(stubsDir, tender.grpc.address, DEMO_API_KEY);
    });
    afterAll(async () => {
      await tender?.close(1000);
      if (stubsDir) await rm(stubsDir, { recursive: true, force: true });
    });

    it('calls every RPC of the contract, plus health, a replay and two refusals', () => {
      const made = report.calls.map((call) => call.rpc);
      expect([...made].sort(), report.stderr).toEqual([...CONTRACT_RPCS, ...EXTRA_CALLS].sort());
    });

    it('gets the answer the demo data calls for from every call', () => {
      expect(report.calls.filter((call) => !call.ok), report.stderr).toEqual([]);
      expect(report.exitCode, report.stderr).toBe(0);
    });

    it('is refused with the documented status codes', () => {
      const codeOf = (rpc: string) => report.calls.find((call) => call.rpc === rpc)?.code;
      expect(codeOf('PaymentService.Charge#card-number')).toBe('INVALID_ARGUMENT');
      expect(codeOf('AccountService.ListAccounts#bad-key')).toBe('UNAUTHENTICATED');
    });
  });
}
