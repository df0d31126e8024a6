/**
 * Injected failures, for testing what a client does when the network or the processor
 * misbehaves (notes/stripe-wire.md, "Fault injection"):
 * - delay: the request waits `ms` (holding its idempotency key) before it is processed;
 * - error500 / error503 / error504: answers that status without processing anything;
 * - drop_after_commit: processes the request, saves its idempotent result, then destroys
 *   the socket without answering (the money moved, the client never heard).
 * A fault matches one path exactly, or every path under a prefix written with a trailing
 * `*`, optionally one method, and fires `times` times (default 1).
 *
 * Each sandbox accepts the modes its processor's SDK tells apart (FaultRules) and renders
 * an error mode in its own wire format; `faultStatus` gives the status to render.
 */
export type FaultMode = 'delay' | 'error500' | 'error503' | 'error504' | 'drop_after_commit';

export interface FaultSpec<Mode extends FaultMode = FaultMode> {
  path: string;
  mode: Mode;
  ms?: number;
  times?: number;
  method?: string;
}

/** What one sandbox accepts: its modes, and a path of its own to name in the error. */
export interface FaultRules<Mode extends FaultMode> {
  modes: readonly Mode[];
  pathExample: string;
}

const ERROR_STATUS: Partial<Record<FaultMode, number>> = { error500: 500, error503: 503, error504: 504 };

/** The HTTP status an error mode answers with; undefined for delay and drop_after_commit. */
export function faultStatus(mode: FaultMode): number | undefined {
  return ERROR_STATUS[mode];
}

export class FaultRegistry<Mode extends FaultMode = FaultMode> {
  private faults: FaultSpec<Mode>[] = [];

  constructor(private readonly rules: FaultRules<Mode>) {}

  add(spec: FaultSpec<Mode>): void {
    this.faults.push(this.validate(spec));
  }

  clear(): void {
    this.faults = [];
  }

  /** Faults still armed, with the times each has left. */
  list(): FaultSpec<Mode>[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  /** Consumes one firing of the first fault that matches the request. */
  take(method: string, path: string): FaultSpec<Mode> | undefined {
    const index = this.faults.findIndex((fault) => matches(fault, method, path));
    const fault = this.faults[index];
    if (!fault) return undefined;
    const times = (fault.times ?? 1) - 1;
    if (times <= 0) this.faults.splice(index, 1);
    else fault.times = times;
    return { ...fault };
  }

  /** Checks a fault given as untrusted JSON; throws a TypeError naming the bad field. */
  validate(input: unknown): FaultSpec<Mode> {
    const { modes, pathExample } = this.rules;
    const spec = (input ?? {}) as Partial<Record<keyof FaultSpec, unknown>>;
    const check = (valid: boolean, message: string) => {
      if (!valid) throw new TypeError(message);
    };
    check(typeof spec.path === 'string' && spec.path.startsWith('/'), `fault.path must be a path such as "${pathExample}"`);
    check(modes.includes(spec.mode as Mode), `fault.mode must be one of ${modes.join(', ')}`);
    check(spec.mode !== 'delay' || (typeof spec.ms === 'number' && spec.ms >= 0), 'fault.ms must be a number of milliseconds');
    check(spec.times === undefined || (Number.isInteger(spec.times) && Number(spec.times) >= 1), 'fault.times must be a positive integer');
    check(spec.method === undefined || typeof spec.method === 'string', 'fault.method must be an HTTP method');
    return {
      path: spec.path as string,
      mode: spec.mode as Mode,
      ...(typeof spec.ms === 'number' ? { ms: spec.ms } : {}),
      times: (spec.times as number | undefined) ?? 1,
      ...(typeof spec.method === 'string' ? { method: spec.method } : {}),
    };
  }
}

function matches(fault: FaultSpec, method: string, path: string): boolean {
  if (fault.method && fault.method.toUpperCase() !== method) return false;
  return fault.path.endsWith('*') ? path.startsWith(fault.path.slice(0, -1)) : path === fault.path;
}
