/**
 * Injected failures, with the Stripe sandbox's contract (src/sandboxes/stripe/faults.ts)
 * plus the two other statuses the Braintree SDK maps to an error type of its own:
 * - delay: the request waits `ms` before it is processed, holding its api_request_key;
 * - error500 / error503 / error504: answers that status without processing anything
 *   (SDK serverError, serviceUnavailableError, gatewayTimeoutError);
 * - drop_after_commit: processes the request, saves its api_request_key result, then
 *   destroys the socket without answering (the money moved, the client never heard).
 * A fault matches one path exactly, or every path under a prefix written with a
 * trailing `*`, optionally one method, and fires `times` times (default 1).
 */
export type FaultMode = 'delay' | 'error500' | 'error503' | 'error504' | 'drop_after_commit';

export interface FaultSpec {
  path: string;
  mode: FaultMode;
  ms?: number;
  times?: number;
  method?: string;
}

const MODES: readonly FaultMode[] = ['delay', 'error500', 'error503', 'error504', 'drop_after_commit'];

/** The HTTP status an error fault answers with. */
export const FAULT_STATUS: Partial<Record<FaultMode, number>> = { error500: 500, error503: 503, error504: 504 };

export class FaultRegistry {
  private faults: FaultSpec[] = [];

  add(spec: FaultSpec): void {
    this.faults.push(validFault(spec));
  }

  clear(): void {
    this.faults = [];
  }

  list(): FaultSpec[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  /** Consumes one firing of the first fault that matches the request. */
  take(method: string, path: string): FaultSpec | undefined {
    const index = this.faults.findIndex((fault) => {
      if (fault.method && fault.method.toUpperCase() !== method) return false;
      return fault.path.endsWith('*') ? path.startsWith(fault.path.slice(0, -1)) : path === fault.path;
    });
    const fault = this.faults[index];
    if (!fault) return undefined;
    const left = (fault.times ?? 1) - 1;
    if (left <= 0) this.faults.splice(index, 1);
    else fault.times = left;
    return { ...fault };
  }
}

/** Checks a fault given as untrusted JSON; throws a TypeError naming the bad field. */
export function validFault(input: unknown): FaultSpec {
  const spec = (input ?? {}) as Partial<Record<keyof FaultSpec, unknown>>;
  const problems = [
    typeof spec.path === 'string' && spec.path.startsWith('/') ? '' : 'fault.path must be a path such as "/merchants/m/transactions"',
    MODES.includes(spec.mode as FaultMode) ? '' : `fault.mode must be one of ${MODES.join(', ')}`,
    spec.mode !== 'delay' || (typeof spec.ms === 'number' && spec.ms >= 0) ? '' : 'fault.ms must be a number of milliseconds',
    spec.times === undefined || (Number.isInteger(spec.times) && Number(spec.times) >= 1) ? '' : 'fault.times must be a positive integer',
    spec.method === undefined || typeof spec.method === 'string' ? '' : 'fault.method must be an HTTP method',
  ].filter((problem) => problem !== '');
  if (problems[0]) throw new TypeError(problems[0]);
  return {
    path: spec.path as string,
    mode: spec.mode as FaultMode,
    ...(typeof spec.ms === 'number' ? { ms: spec.ms } : {}),
    times: (spec.times as number | undefined) ?? 1,
    ...(typeof spec.method === 'string' ? { method: spec.method } : {}),
  };
}
