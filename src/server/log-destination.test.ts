import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'tender-log-destination-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const logger = fileURLToPath(new URL('./logger.ts', import.meta.url));

/** Runs a script that logs through Tender's default destination (stdout) and returns what it wrote. */
async function stdoutOf(body: string): Promise<{ lines: Array<Record<string, unknown>>; exitCode: number }> {
  const script = join(dir, `script-${Math.random().toString(36).slice(2)}.mts`);
  writeFileSync(script, `import { createLogger } from ${JSON.stringify(logger)};\nconst logger = createLogger();\n${body}\n`);
  const result = await promisify(execFile)(process.execPath, ['--import', 'tsx', script]).then(
    ({ stdout }) => ({ stdout, exitCode: 0 }),
    (error: { stdout: string; code: number }) => ({ stdout: error.stdout, exitCode: error.code }),
  );
  const lines = result.stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
  return { lines, exitCode: result.exitCode };
}

describe('turnBatchedStdout', () => {
  it('writes every line, in order, across turns and up to an immediate process.exit', async () => {
    const { lines } = await stdoutOf(`
for (let i = 0; i < 3; i++) logger.info({ i }, 'line');
setImmediate(() => {
  for (let i = 3; i < 6; i++) logger.info({ i }, 'line');
  process.exit(0);
});`);
    expect(lines.map((line) => line['i'])).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('writes the lines logged just before an uncaught exception ends the process', async () => {
    const { lines, exitCode } = await stdoutOf(`
logger.info('first');
setImmediate(() => {
  logger.error('last words');
  throw new Error('crash');
});`);
    expect(exitCode).not.toBe(0);
    expect(lines.map((line) => line['msg'])).toEqual(['first', 'last words']);
  });
});
