import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** The repository root: children run from it so `--import tsx`, src/ and dist/ paths resolve. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface BenchProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Where its stdout and stderr go. */
  readonly logFile: string;
  /** The first line of its output matching `pattern` (polled from the log file). */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** SIGTERM (a graceful exit, which also writes a --cpu-prof profile), SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  args?: readonly string[];
  env?: Readonly<Record<string, string>>;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeFlags?: readonly string[];
}

const started = new Set<BenchProcess>();
process.once('exit', () => {
  for (const running of started) running.child.kill('SIGKILL');
});

/**
 * Starts an entry point in its own Node process: a `.ts` file through tsx, a `.js` file
 * (compiled, from dist/) with plain Node. Its output goes to a file, not a pipe: a
 * server under load writes a log line per call, and reading that through a pipe would
 * cost the benchmark's own process CPU on a machine with two cores.
 */
export function startProcess(name: string, entry: string, logFile: string, options: StartOptions = {}): BenchProcess {
  const inherited = { ...process.env };
  for (const variable of ['TENDER_CONFIG', 'TENDER_GRPC_ADDRESS', 'TENDER_HTTP_ADDRESS', 'NODE_OPTIONS', 'REDIS_URL']) {
    delete inherited[variable];
  }
  const output = openSync(logFile, 'w');
  const loader = entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), ...loader, entry, ...(options.args ?? [])], {
    cwd: REPO_ROOT,
    env: { ...inherited, ...options.env },
    stdio: ['ignore', output, output],
  });
  closeSync(output);
  const exited = once(child, 'exit');
  const handle: BenchProcess = {
    name,
    child,
    logFile,
    async waitForLine(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const text = readFileSync(logFile, 'utf8');
        for (const line of text.split('\n')) {
          const match = pattern.exec(line);
          if (match) return match;
        }
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}:\n${tail(text)}`);
        }
        if (Date.now() > deadline) throw new Error(`${name} did not print ${pattern} in ${timeoutMs} ms:\n${tail(text)}`);
        await delay(50);
      }
    },
    async stop(graceMs = 10_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      started.delete(handle);
    },
  };
  started.add(handle);
  return handle;
}

/** Stops every process still running, for the end of a run or a failure. */
export async function stopAll(): Promise<void> {
  await Promise.all([...started].map((running) => running.stop()));
}

function tail(text: string): string {
  return text.split('\n').slice(-20).join('\n');
}
