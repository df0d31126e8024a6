import type * as grpc from '@grpc/grpc-js';
import { HealthImplementation, type ServingStatus } from 'grpc-health-check';

/**
 * gRPC health checking (https://github.com/grpc/grpc/blob/master/doc/health-checking.md):
 * the overall status under "" and one entry per served service. Everything starts
 * NOT_SERVING, turns SERVING once the server is bound, and back to NOT_SERVING when
 * shutdown begins, so load balancers stop routing before connections close.
 */
export interface HealthStatus {
  addToServer(server: grpc.Server): void;
  markServing(): void;
  markNotServing(): void;
}

export const OVERALL_HEALTH = '';

export function createHealthStatus(serviceNames: readonly string[]): HealthStatus {
  const names = [OVERALL_HEALTH, ...serviceNames];
  const health = new HealthImplementation(Object.fromEntries(names.map((name) => [name, 'NOT_SERVING'])));
  const setAll = (status: ServingStatus) => {
    for (const name of names) health.setStatus(name, status);
  };
  return {
    addToServer: (server) => health.addToServer(server),
    markServing: () => setAll('SERVING'),
    markNotServing: () => setAll('NOT_SERVING'),
  };
}
