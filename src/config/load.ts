import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ConfigError } from './checks.js';
import { defaultConfig } from './demo.js';
import type { TenderConfig } from './types.js';
import { validateConfig } from './validate.js';

type Environment = Readonly<Record<string, string | undefined>>;

export interface LoadConfigOptions {
  /** The file to read; TENDER_CONFIG from `env` when absent. */
  path?: string;
  /** Default process.env. */
  env?: Environment;
}

export interface LoadedConfig {
  config: TenderConfig;
  /** The file it came from, or undefined for the built-in demo configuration. */
  path: string | undefined;
}

/**
 * Loads the configuration: the file at `path` (or TENDER_CONFIG), else the built-in
 * demo configuration; then environment overrides. YAML and JSON both parse (JSON is
 * YAML 1.2). Secrets are not read here: see resolveSecrets.
 */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const path = options.path ?? (env['TENDER_CONFIG'] || undefined);
  const config = path === undefined ? defaultConfig() : parseConfig(readConfigFile(path), path);
  return { config: applyEnvironment(config, env), path };
}

function readConfigFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError([`config: cannot read ${path} (${reason})`]);
  }
}

/** Parses and validates configuration text; `source` names it in messages. */
export function parseConfig(text: string, source = 'configuration'): TenderConfig {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    // The parser's message quotes the offending line, which may hold a secret: keep
    // only its position.
    const position = (error as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
    const where = position ? ` at line ${position.line}, column ${position.col}` : '';
    throw new ConfigError([`config: ${source} is not valid YAML or JSON${where}`]);
  }
  return validateConfig(raw ?? {});
}

/** REDIS_URL overrides the store and implies Redis (DESIGN.md: "with REDIS_URL it uses Redis"). */
export function applyEnvironment(config: TenderConfig, env: Environment): TenderConfig {
  const redisUrl = env['REDIS_URL'];
  const grpcAddress = env['TENDER_GRPC_ADDRESS'];
  const keyPrefix = config.store.kind === 'redis' ? config.store.keyPrefix : undefined;
  let result = redisUrl ? { ...config, store: { kind: 'redis' as const, url: redisUrl, ...(keyPrefix ? { keyPrefix } : {}) } } : config;
  if (grpcAddress) result = { ...result, listen: { ...result.listen, grpc: grpcAddress } };
  const httpAddress = env['TENDER_HTTP_ADDRESS'];
  if (httpAddress) result = { ...result, listen: { ...result.listen, http: httpAddress } };
  return result;
}
