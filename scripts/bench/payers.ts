import { createStripeClient } from '../../src/adapters/stripe/client.js';

/** A sandbox customer with a saved card that always succeeds (local Stripe ids). */
export interface Payer {
  customerId: string;
  paymentMethodId: string;
}

/**
 * Creates `count` customers in the sandbox, each with a saved Visa. Fresh charges are
 * spread over them, one customer per load slot: Tender's decline limits count a
 * customer's unfinished charges (src/limits/), so many charges of ONE customer at
 * once are refused by design, while a gateway under real load serves many callers.
 */
export async function createPayers(sandbox: { host: string; port: number; secretKey: string }, count: number): Promise<Payer[]> {
  const client = createStripeClient({ ...sandbox, protocol: 'http' });
  try {
    return await Promise.all(
      Array.from({ length: count }, async (_, index) => {
        const customer = await client.api.customers.create({ name: `Bench Payer ${index + 1}`, email: `payer${index + 1}@bench.invalid` });
        const method = await client.api.paymentMethods.attach('pm_card_visa', { customer: customer.id });
        return { customerId: customer.id, paymentMethodId: method.id };
      }),
    );
  } finally {
    client.close();
  }
}
