/**
 * Injected failures, for testing what a client does when the network or Stripe
 * misbehaves (notes/stripe-wire.md, "Fault injection"):
 * - delay: the request waits `ms` (holding its idempotency key) before it is processed;
 * - error500: answers 500 api_error without processing anything;
 * - drop_after_commit: processes the request, saves its idempotent result, then destroys
 *   the socket without answering (the money moved, the client never heard).
 * A fault matches one path exactly, or every path under a prefix written with a trailing
 * `*`, optionally one method, and fires `times` times (default 1).
 */
export type FaultMode = 'delay' | 'error500' | 'drop_after_commit';

export interface FaultSpec {
  path: string;
  mode: FaultMode;
  ms?: number;
  times?: number;
  method?: string;
}

const MODES: readonly FaultMode[] = ['delay', 'error500', 'drop_after_commit'];

export class FaultRegistry {
  private faults: FaultSpec[] = [];

  add(spec: FaultSpec): void {
    this.faults.push(validFault(spec));
  }

  clear(): void {
    this.faults = [];
  }

  /** Faults still armed, with the times each has left. */
  list(): FaultSpec[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  /** Consumes one firing of the first fault that matches the request. */
  take(method: string, path: string): FaultSpec | undefined {
    const index = this.faults.findIndex((fault) => matches(fault, method, path));
    const fault = this.faults[index];
    if (!fault) return undefined;
    const times = (fault.times ?? 1) - 1;
    if (times <= 0) this.faults.splice(index, 1);
    else fault.times = times;
    return { ...fault };
  }
}

function matches(fault: FaultSpec, method: string, path: string): boolean {
  if (fault.method && fault.method.toUpperCase() !== method) return false;
  return fault.path.endsWith('*') ? path.startsWith(fault.path.slice(0, -1)) : path === fault.path;
}

/** Checks a fault given as untrusted JSON; throws a TypeError naming the bad field. */
export function validFault(input: unknown): FaultSpec {
  const spec = (input ?? {}) as Partial<Record<keyof FaultSpec, unknown>>;
  const check = (valid: boolean, message: string) => {
    if (!valid) throw new TypeError(message);
  };
  check(typeof spec.path === 'string' && spec.path.startsWith('/'), 'fault.path must be a path such as "/v1/payment_intents"');
  check(MODES.includes(spec.mode as FaultMode), `fault.mode must be one of ${MODES.join(', ')}`);
  check(spec.mode !== 'delay' || (typeof spec.ms === 'number' && spec.ms >= 0), 'fault.ms must be a number of milliseconds');
  check(spec.times === undefined || (Number.isInteger(spec.times) && Number(spec.times) >= 1), 'fault.times must be a positive integer');
  check(spec.method === undefined || typeof spec.method === 'string', 'fault.method must be an HTTP method');
  return {
    path: spec.path as string,
    mode: spec.mode as FaultMode,
    ...(spec.ms === undefined ? {} : { ms: spec.ms as number }),
    times: (spec.times as number | undefined) ?? 1,
    ...(spec.method === undefined ? {} : { method: spec.method as string }),
  };
}
