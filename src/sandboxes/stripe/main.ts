import { startStripeSandbox } from './server.js';

/**
 * Runs the Stripe sandbox as its own process:
 *   STRIPE_SANDBOX_PORT (default 12111), STRIPE_SANDBOX_HOST (default 127.0.0.1),
 *   STRIPE_SANDBOX_SECRET_KEY (default sk_test_tender_sandbox; never printed),
 *   STRIPE_SANDBOX_WEBHOOK_URL (where events are delivered; none by default),
 *   STRIPE_SANDBOX_WEBHOOK_SECRET (default whsec_tender_sandbox; never printed).
 */
const port = Number(process.env.STRIPE_SANDBOX_PORT ?? 12111);
const sandbox = await startStripeSandbox({
  port,
  host: process.env.STRIPE_SANDBOX_HOST ?? '127.0.0.1',
  ...(process.env.STRIPE_SANDBOX_SECRET_KEY ? { secretKey: process.env.STRIPE_SANDBOX_SECRET_KEY } : {}),
  ...(process.env.STRIPE_SANDBOX_WEBHOOK_URL ? { webhookUrl: process.env.STRIPE_SANDBOX_WEBHOOK_URL } : {}),
  ...(process.env.STRIPE_SANDBOX_WEBHOOK_SECRET ? { webhookSecret: process.env.STRIPE_SANDBOX_WEBHOOK_SECRET } : {}),
});
process.stdout.write(`Stripe sandbox listening on ${sandbox.url}\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sandbox.close().then(() => process.exit(0));
  });
}
