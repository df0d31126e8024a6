import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** The repository root: children run from it so `--import tsx` and src/ paths resolve. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningChild {
  readonly name: string;
  readonly process: ChildProcess;
  /** stdout and stderr so far, for failure messages. */
  output(): string;
  /** Resolves with the first output line that matches, or rejects when the child exits first. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** SIGKILL (no drain, no cleanup: a crash) and wait for the exit. Idempotent. */
  kill(): Promise<void>;
}

/** Every child this test file started, killed by killAllChildren and, at the latest, on exit. */
const running = new Set<RunningChild>();

process.once('exit', () => {
  for (const child of running) child.process.kill('SIGKILL');
});

/**
 * Starts a TypeScript entry point in its own Node process (`node --import tsx`), as
 * production runs Tender and as the sandboxes run standalone. The environment is the
 * caller's, with the variables that would redirect Tender (REDIS_URL, listen
 * addresses) removed unless `env` sets them: a child must use only its own config.
 */
export function startChild(name: string, entry: string, args: string[], env: Record<string, string> = {}): RunningChild {
  const inherited = { ...process.env };
  for (const variable of ['REDIS_URL', 'TENDER_CONFIG', 'TENDER_GRPC_ADDRESS', 'TENDER_HTTP_ADDRESS', 'NODE_OPTIONS']) {
    delete inherited[variable];
  }
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: REPO_ROOT,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit');
  let text = '';
  const waiters = new Set<() => void>();
  const append = (chunk: Buffer): void => {
    text += chunk.toString('utf8');
    if (text.length > 200_000) text = text.slice(-100_000);
    for (const wake of waiters) wake();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  child.on('exit', () => {
    for (const wake of waiters) wake();
  });

  const handle: RunningChild = {
    name,
    process: child,
    output: () => text,
    waitForLine(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const match = text.split('\n').map((line) => pattern.exec(line)).find((found) => found !== null);
          if (match) return settle(() => resolve(match));
          if (child.exitCode !== null || child.signalCode !== null) {
            return settle(() => reject(new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}:\n${text}`)));
          }
        };
        const timer = setTimeout(() => settle(() => reject(new Error(`${name} did not print ${pattern} in ${timeoutMs} ms:\n${text}`))), timeoutMs);
        const settle = (finish: () => void): void => {
          clearTimeout(timer);
          waiters.delete(check);
          finish();
        };
        waiters.add(check);
        check();
      });
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      running.delete(handle);
    },
  };
  running.add(handle);
  return handle;
}

/** For afterAll: no child of this file outlives its tests. */
export async function killAllChildren(): Promise<void> {
  await Promise.all([...running].map((child) => child.kill()));
}
