import { spawnSync } from 'node:child_process';

export interface ToolGate {
  /** True when the suite should be skipped: a tool is missing and CI is not set. */
  skip: boolean;
  /** For beforeAll: under CI a missing tool fails the suite, with the install hint. */
  assertPresent(): void;
}

/**
 * Suites that start their own redis-server (or a cluster with redis-cli) need the Redis
 * binaries, which a developer machine may lack. There they are skipped with a warning
 * naming the install; under CI they must run, so a missing binary fails them.
 */
export function redisToolGate(suite: string, tools: readonly string[]): ToolGate {
  const missing = tools.filter((tool) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status !== 0);
  const message = `${suite} needs ${missing.join(' and ')} on PATH: apt-get install redis-server`;
  const skip = missing.length > 0 && !process.env['CI'];
  if (skip) console.warn(`skipping: ${message}`);
  return {
    skip,
    assertPresent() {
      if (missing.length > 0) throw new Error(message);
    },
  };
}
