import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTender, type RunningTender } from '../../src/app.js';
import { DEMO_API_KEY, defaultConfig } from '../../src/config/demo.js';
import { CustomerService } from '../../src/gen/tender/v1/customers_pb.js';
import { makeClient } from '../../src/server/client.js';
import { silentLogger } from '../../src/server/logger.js';

/**
 * The demo tenant searches Stripe (whose customers live at Stripe) and Adyen (whose
 * customers live in Tender's directory, in the store). With the store unreachable, the
 * Stripe match must still come back, with the Adyen account named as not searched.
 */
let tender: RunningTender;
beforeAll(async () => {
  const config = defaultConfig();
  tender = await startTender({
    ...config,
    listen: { grpc: '127.0.0.1:0' },
    store: { kind: 'redis', url: 'redis://127.0.0.1:1' },
    accounts: config.accounts.filter((account) => account.processor !== 'braintree'),
    tenants: [{ id: 'demo', accounts: ['demo-stripe', 'demo-adyen'], defaultAccount: 'demo-stripe' }],
  }, { logger: silentLogger() });
});
afterAll(() => tender.close(1000));

describe('FindCustomers when one account cannot answer', () => {
  it('returns what the other accounts found and names the account it could not search', async () => {
    const customers = makeClient(CustomerService, tender.grpc.address);
    try {
      const { response } = await customers.findCustomers({ query: { case: 'phone', value: '(415) 555-0123' } }, { apiKey: DEMO_API_KEY });
      expect(response.customers.map((customer) => customer.id)).toEqual(['demo-stripe:cus_demo_jordan']);
      expect(response.unavailableAccountIds).toEqual(['demo-adyen']);
    } finally {
      customers.close();
    }
  });
});
