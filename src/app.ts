import type { Logger } from 'pino';
import { AccountService } from './gen/tender/v1/accounts_pb.js';
import { CustomerService } from './gen/tender/v1/customers_pb.js';
import { OperationsService } from './gen/tender/v1/operations_pb.js';
import { PaymentService } from './gen/tender/v1/payments_pb.js';
import { SubscriptionService } from './gen/tender/v1/subscriptions_pb.js';
import { createAdapter } from './adapters/create-adapter.js';
import type { ApiDeps } from './api/deps.js';
import { createRegistry, type AccountEntry, type Registry } from './api/registry.js';
import { guardRequest } from './api/request-guard.js';
import { accountHandlers } from './api/services/account-service.js';
import { customerHandlers } from './api/services/customers.js';
import { operationsHandlers } from './api/services/operations-service.js';
import { paymentHandlers } from './api/services/payment-service.js';
import { subscriptionHandlers } from './api/services/subscription-service.js';
import { resolveSecrets } from './config/secrets.js';
import type { TenderConfig } from './config/types.js';
import { healthRoutes } from './http/health.js';
import { createTenderMetrics } from './http/metrics.js';
import { payPageRoutes } from './http/pay-page/pay-routes.js';
import { webhookRoutes } from './http/webhooks.js';
import { startHttpServer, type RunningHttpServer } from './http/server.js';
import { createDeclineLimiter } from './limits/decline-limiter.js';
import { settingsByTenant } from './limits/settings.js';
import { createHostedLinks } from './links/hosted-links.js';
import { startReconciler, type Reconciler } from './reconcile/reconciler.js';
import { seedSandboxDirectory, startSandbox, type RunningSandbox } from './sandboxes/start-sandbox.js';
import { defineService } from './server/bridge.js';
import { startGrpcServer, type RunningGrpcServer } from './server/lifecycle.js';
import type { CallStage } from './server/pipeline.js';
import { createStore } from './store/create-store.js';
import type { Store } from './store/types.js';

export interface RunningTender {
  grpc: RunningGrpcServer;
  registry: Registry;
  store: Store;
  /** Settles calls whose outcome was unknown, in the background (src/reconcile/). */
  reconciler: Reconciler;
  /** The built-in sandboxes started for `sandbox: true` accounts, by processor. */
  sandboxes: ReadonlyMap<string, RunningSandbox>;
  /**
   * The HTTP side (/healthz, /readyz, /metrics, the payment pages under /pay/), when
   * `listen.http` is set; `publicUrl` is where browsers reach it.
   */
  http?: { address: string; port: number; publicUrl: string };
  /**
   * Graceful: stop accepting, drain in-flight calls, then close the HTTP side, adapters,
   * sandboxes and the store. HTTP stays up while gRPC drains, so /readyz answers 503
   * and load balancers move away before connections close.
   */
  close(graceMs?: number): Promise<void>;
}

const SLOWEST_CALL_MS = 120_000;

/** Refuses card numbers and oversized strings in every request (src/api/request-guard.ts). */
const requestGuard: CallStage = async (call, next) => {
  guardRequest(call.request);
  return next();
};

/** Builds and starts Tender from a validated configuration. */
export async function startTender(
  config: TenderConfig,
  options: { env?: Readonly<Record<string, string | undefined>>; logger: Logger },
): Promise<RunningTender> {
  const secrets = resolveSecrets(config, options.env ?? process.env);
  const sandboxes = new Map<string, RunningSandbox>();
  const store = createStore(config.store);
  let reconciler: Reconciler | undefined;
  try {
    const accounts: AccountEntry[] = [];
    for (const account of config.accounts) {
      let sandbox = account.sandbox ? sandboxes.get(account.processor) : undefined;
      if (account.sandbox && !sandbox) {
        sandbox = await startSandbox(account.processor);
        sandboxes.set(account.processor, sandbox);
      }
      const adapter = createAdapter({
        account, credentials: secrets.get(account.id) ?? {}, sandbox, phoneRegion: config.phone.defaultRegion,
        directory: store.customers,
        ledger: store.payments,
      });
      if (account.sandbox) {
        // Demo data only: a store that is down at start must not stop Tender serving.
        await seedSandboxDirectory(account.processor, account.id, store.customers).catch((error: unknown) => {
          options.logger.warn({ err: error, accountId: account.id }, 'sandbox customers not seeded');
        });
      }
      accounts.push({
        id: account.id, processor: account.processor, displayName: account.displayName ?? account.id,
        sandbox: account.sandbox, adapter,
      });
    }
    const registry = createRegistry(accounts, config.tenants.map((tenant) => ({
      id: tenant.id, accountIds: tenant.accounts, defaultAccountId: tenant.defaultAccount,
    })));
    const metrics = createTenderMetrics();
    const countingStore = metrics.countPaymentsIn(store);
    const leaseMs = config.idempotency.leaseSeconds * 1000;
    // Decline-limit reservations and payment-page claims are not renewed while their
    // charge runs, so they hold for as long as the slowest processor call may take (an
    // SDK timeout of 20 s with its retries); a crashed holder only keeps one slot.
    const holdMs = Math.max(leaseMs, SLOWEST_CALL_MS);
    // Known once the HTTP side is bound (its port may be 0 until then).
    let publicUrl: string | undefined;
    const hostedLinks = createHostedLinks({
      store: countingStore, registry, publicUrl: () => publicUrl, leaseMs: holdMs, logger: options.logger,
    });
    const deps: ApiDeps = {
      registry, store: countingStore, defaultRegion: config.phone.defaultRegion, hostedLinks,
      idempotency: {
        store: store.idempotency,
        retentionMs: config.idempotency.retentionHours * 3_600_000,
        leaseMs,
      },
      limits: createDeclineLimiter({ store: store.limits, settingsFor: settingsByTenant(config.tenants), leaseMs: holdMs }),
    };
    const settler = (reconciler = startReconciler({
      deps, logger: options.logger, holdMs, intervalMs: config.idempotency.reconcileIntervalSeconds * 1000,
      giveUpAfterMs: config.idempotency.reconcileGiveUpHours * 3_600_000,
    }));
    const grpc = await startGrpcServer({
      address: config.listen.grpc, auth: config, logger: options.logger, stages: [requestGuard],
      observers: [metrics.callStage],
      services: [
        defineService(CustomerService, customerHandlers(deps)),
        defineService(PaymentService, paymentHandlers(deps)),
        defineService(SubscriptionService, subscriptionHandlers(deps)),
        defineService(AccountService, accountHandlers(deps)),
        defineService(OperationsService, operationsHandlers(deps)),
      ],
    });
    let http: RunningHttpServer | undefined;
    if (config.listen.http !== undefined) {
      http = await startHttpServer({
        address: config.listen.http, logger: options.logger,
        routes: [
          ...healthRoutes({ grpc, store, logger: options.logger }), metrics.route,
          ...payPageRoutes({ links: hostedLinks, logger: options.logger }),
          ...webhookRoutes({ registry, store, logger: options.logger }),
        ],
      }).catch(async (error: unknown) => {
        await grpc.close();
        await registry.close();
        throw error;
      });
      publicUrl = config.listen.publicUrl ?? `http://${http.address}`;
      // Built-in sandboxes that send webhooks by themselves send them to this Tender.
      for (const account of config.accounts) {
        if (account.sandbox) sandboxes.get(account.processor)?.deliverWebhooksTo?.(`${publicUrl}/webhooks/${account.id}`);
      }
    }
    let closing: Promise<void> | undefined;
    return {
      grpc, registry, store, reconciler: settler, sandboxes,
      ...(http && publicUrl ? { http: { address: http.address, port: http.port, publicUrl } } : {}),
      close(graceMs) {
        // Once: SIGTERM and SIGINT may both arrive, and a second close must not throw.
        closing ??= (async () => {
          await settler.stop(graceMs);
          await grpc.close(graceMs);
          await http?.close();
          await registry.close();
          await Promise.all([...sandboxes.values()].map((sandbox) => sandbox.close()));
          await store.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await reconciler?.stop();
    await Promise.all([...sandboxes.values()].map((sandbox) => sandbox.close()));
    await store.close();
    throw error;
  }
}
