import { execFile, spawnSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * Debian's interpreter, named in full: a pyenv `python3` earlier on PATH does not see
 * the Debian packages python3-grpcio and python3-grpc-tools that .ci/run installs.
 */
export const PYTHON = '/usr/bin/python3';
/** grpc_tools.protoc imports pkg_resources, which Debian's python3-grpc-tools does not declare. */
export const INSTALL_HINT = 'install them with: apt-get install python3-grpcio python3-grpc-tools python3-pkg-resources';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONTRACT_DIR = join(REPO_ROOT, 'proto');
const CLIENT = fileURLToPath(new URL('./client.py', import.meta.url));
/** The standard grpc.health.v1 contract, as shipped by the health service Tender serves. */
const HEALTH_PROTO_ROOT = join(dirname(createRequire(import.meta.url).resolve('grpc-health-check/package.json')), 'proto');
const CLIENT_TIMEOUT_MS = 15_000;

/** Why the Python client cannot run here, or undefined when it can. */
export function pythonGrpcMissing(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import grpc, grpc_tools.protoc'], { encoding: 'utf8' });
  if (probe.error) return `${PYTHON} cannot be run (${probe.error.message})`;
  if (probe.status !== 0) return `${PYTHON} cannot import grpc and grpc_tools (${lastLine(probe.stderr)})`;
  return undefined;
}

/**
 * Generates Python messages and stubs from the contract alone into `outDir`, the way any
 * third-party client would: protoc over proto/tender/v1 plus the standard health
 * contract, with the well-known types grpc_tools bundles.
 */
export async function generatePythonStubs(outDir: string): Promise<void> {
  const wellKnown = await run(PYTHON, [
    '-c', 'import grpc_tools, os; print(os.path.join(os.path.dirname(grpc_tools.__file__), "_proto"))',
  ]);
  const tenderProtos = (await readdir(join(CONTRACT_DIR, 'tender/v1'))).filter((name) => name.endsWith('.proto'));
  await run(PYTHON, [
    '-m', 'grpc_tools.protoc',
    `-I${CONTRACT_DIR}`, `-I${HEALTH_PROTO_ROOT}`, `-I${wellKnown.stdout.trim()}`,
    `--python_out=${outDir}`, `--grpc_python_out=${outDir}`,
    ...tenderProtos.map((name) => join(CONTRACT_DIR, 'tender/v1', name)),
    join(HEALTH_PROTO_ROOT, 'health/v1/health.proto'),
  ]);
}

/** One line of client.py's report. */
export interface CallReport {
  rpc: string;
  ok: boolean;
  code: string;
  detail: string;
}

export interface ClientRun {
  exitCode: number;
  calls: CallReport[];
  stderr: string;
}

/**
 * Runs client.py against a Tender. Asynchronous on purpose: the Tender under test serves
 * from this same process, so a blocking spawn would starve it. `-B` keeps Python from
 * leaving __pycache__ beside the sources.
 */
export async function runPythonClient(stubsDir: string, address: string, apiKey: string): Promise<ClientRun> {
  const args = ['-B', CLIENT, '--stubs', stubsDir, '--address', address, '--api-key', apiKey];
  try {
    const { stdout, stderr } = await run(PYTHON, args, { timeout: CLIENT_TIMEOUT_MS });
    return { exitCode: 0, calls: parseReport(stdout), stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { exitCode: failed.code, calls: parseReport(failed.stdout ?? ''), stderr: failed.stderr ?? '' };
  }
}

function parseReport(stdout: string): CallReport[] {
  return stdout.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as CallReport);
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}
