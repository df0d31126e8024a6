import { setTimeout as delay } from 'node:timers/promises';
import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { AuthConfig } from './authentication.js';
import { addRegistration, type ServiceRegistration } from './bridge.js';
import { createHealthStatus, type HealthStatus } from './health.js';
import { trackInFlightCalls, type InFlightCalls } from './in-flight.js';
import type { CallStage } from './pipeline.js';
import { addReflection } from './reflection.js';
import { createCallPipeline } from './standard-pipeline.js';

export interface GrpcServerOptions {
  /** "host:port"; port 0 picks a free port (tests). */
  address: string;
  services: readonly ServiceRegistration[];
  auth: AuthConfig;
  logger: Logger;
  /** Extra stages run after authentication and the deadline check (e.g. a request guard). */
  stages?: readonly CallStage[];
  /**
   * Stages that see every call, refused ones included, and the status the client saw
   * (they run outside error mapping, like call logging): metrics.
   */
  observers?: readonly CallStage[];
  /** Default insecure (plaintext), for a service behind a TLS-terminating proxy or mesh. */
  credentials?: grpc.ServerCredentials;
}

export interface RunningGrpcServer {
  /** The bound port (the real one when 0 was asked for). */
  port: number;
  /** "host:port" with the bound port, ready for a client. */
  address: string;
  health: HealthStatus;
  /** True from bind until close() begins, as the overall health status says. */
  readonly serving: boolean;
  /**
   * Graceful shutdown: health turns NOT_SERVING, new calls are refused, calls in
   * flight get up to `graceMs` to finish, then whatever is left is cut. Idempotent.
   */
  close(graceMs?: number): Promise<void>;
}

const DEFAULT_GRACE_MS = 10_000;
/** Lets a call whose request was still arriving enter the pipeline before the cut. */
const IDLE_SETTLE_MS = 50;

export async function startGrpcServer(options: GrpcServerOptions): Promise<RunningGrpcServer> {
  const { logger } = options;
  const server = new grpc.Server();
  const inFlight = trackInFlightCalls();
  const pipeline = createCallPipeline({
    auth: options.auth,
    logger,
    outer: [inFlight.stage, ...(options.observers ?? [])],
    inner: options.stages ?? [],
  });
  for (const registration of options.services) addRegistration(server, registration, pipeline);

  const serviceNames = options.services.map(({ service }) => service.typeName);
  const health = createHealthStatus(serviceNames);
  health.addToServer(server);
  addReflection(server, options.services.map(({ service }) => service));

  const port = await bind(server, options.address, options.credentials ?? grpc.ServerCredentials.createInsecure()).catch(
    (error: unknown) => {
      server.forceShutdown();
      throw error;
    },
  );
  const address = `${hostOf(options.address)}:${port}`;
  health.markServing();
  logger.info({ address, services: serviceNames }, 'gRPC server listening');

  let closing: Promise<void> | undefined;
  const close = (graceMs = DEFAULT_GRACE_MS) => {
    closing ??= shutDown(server, health, inFlight, graceMs, logger);
    return closing;
  };
  return {
    port, address, health, close,
    get serving() {
      return closing === undefined;
    },
  };
}

function bind(server: grpc.Server, address: string, credentials: grpc.ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, credentials, (error, port) => (error ? reject(error) : resolve(port)));
  });
}

/** "127.0.0.1:0" -> "127.0.0.1"; "[::1]:0" -> "[::1]". */
function hostOf(address: string): string {
  const colon = address.lastIndexOf(':');
  return colon < 0 ? address : address.slice(0, colon);
}

/**
 * tryShutdown stops accepting calls and resolves once every connection has drained;
 * a health Watch stream never drains by itself, so we also finish as soon as no
 * unary call is in flight, and at the latest after graceMs.
 */
async function shutDown(
  server: grpc.Server,
  health: HealthStatus,
  inFlight: InFlightCalls,
  graceMs: number,
  logger: Logger,
): Promise<void> {
  health.markNotServing();
  logger.info({ inFlight: inFlight.count, graceMs }, 'gRPC server shutting down');
  const grace = new AbortController();
  const drained = new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
  const idle = (async () => {
    do {
      await inFlight.idle();
      await delay(IDLE_SETTLE_MS, undefined, { signal: grace.signal });
    } while (inFlight.count > 0);
  })();
  const timeout = delay(graceMs, 'timeout', { signal: grace.signal });
  const outcome = await Promise.race([drained.then(() => 'drained'), idle.then(() => 'idle'), timeout]).catch(
    () => 'aborted',
  );
  grace.abort();
  idle.catch(() => undefined);
  timeout.catch(() => undefined);
  if (outcome === 'timeout') logger.warn({ inFlight: inFlight.count }, 'grace period over, cutting remaining calls');
  server.forceShutdown();
  logger.info('gRPC server stopped');
}
