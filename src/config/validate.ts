import { isSupportedCountry } from 'libphonenumber-js';
import { readRedisUrl } from '../store/redis/redis-url.js';
import { ConfigNode, Problems } from './checks.js';
import type { IdempotencyConfig, ListenConfig, PhoneConfig, StoreConfig, TenderConfig } from './types.js';
import { validateAccounts } from './validate-accounts.js';
import { validateApiKeys, validateTenants } from './validate-access.js';

/** Defaults for every optional section (see the field docs in types.ts). */
export const DEFAULT_GRPC_ADDRESS = '127.0.0.1:50051';
export const DEFAULT_REGION = 'US';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const DEFAULT_IDEMPOTENCY: IdempotencyConfig = {
  retentionHours: 24, leaseSeconds: 30, reconcileIntervalSeconds: 5, reconcileGiveUpHours: 23,
};

const TOP_LEVEL = ['listen', 'phone', 'store', 'idempotency', 'accounts', 'tenants', 'apiKeys'] as const;

/** host:port, host being a name, an IPv4 address or a bracketed IPv6 address. */
const ADDRESS = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

/**
 * Checks a parsed configuration file and fills in defaults. Throws ConfigError
 * listing every problem, each naming its field. While checking, an invalid value is
 * carried on as a placeholder ('' or a default) so that later checks still run; no
 * placeholder escapes, because any problem throws before the config is returned.
 */
export function validateConfig(raw: unknown): TenderConfig {
  const problems = new Problems();
  const root = new ConfigNode(raw, '', problems);
  root.object(TOP_LEVEL);
  const accounts = validateAccounts(root.field('accounts'));
  const tenants = validateTenants(root.field('tenants'), new Set(accounts.map((account) => account.id)));
  const config: TenderConfig = {
    listen: validateListen(root.field('listen')),
    phone: validatePhone(root.field('phone')),
    store: validateStore(root.field('store')),
    idempotency: validateIdempotency(root.field('idempotency')),
    accounts,
    tenants,
    apiKeys: validateApiKeys(root.field('apiKeys'), new Set(tenants.map((tenant) => tenant.id))),
  };
  problems.throwIfAny();
  return config;
}

function address(node: ConfigNode): string | undefined {
  const value = node.string({ pattern: ADDRESS, hint: 'host:port, e.g. 127.0.0.1:50051' });
  if (value !== undefined && Number(ADDRESS.exec(value)?.[1]) > 65535) return node.fail('port must be at most 65535');
  return value;
}

function validateListen(node: ConfigNode): ListenConfig {
  if (!node.present || !node.object(['grpc', 'http', 'publicUrl'])) return { grpc: DEFAULT_GRPC_ADDRESS };
  const http = address(node.field('http'));
  const publicUrl = publicBaseUrl(node.field('publicUrl'));
  return {
    grpc: address(node.field('grpc')) ?? DEFAULT_GRPC_ADDRESS,
    ...(http === undefined ? {} : { http }),
    ...(publicUrl === undefined ? {} : { publicUrl }),
  };
}

/**
 * The base of every payment page URL Tender hands out. Credentials are refused (a URL
 * texted to callers would publish them), and so are a query or fragment, which would
 * swallow the "/pay/<id>" appended to it.
 */
function publicBaseUrl(node: ConfigNode): string | undefined {
  const value = node.string({ pattern: /^https?:\/\/\S+$/, hint: 'an http:// or https:// URL' });
  if (value === undefined) return undefined;
  if (!URL.canParse(value)) return node.fail('must be an http:// or https:// URL');
  const url = new URL(value);
  if (url.username !== '' || url.password !== '') return node.fail('must not hold credentials');
  if (url.search !== '' || url.hash !== '' || value.includes('?') || value.includes('#')) {
    return node.fail('must have no query or fragment');
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function validatePhone(node: ConfigNode): PhoneConfig {
  if (!node.present || !node.object(['defaultRegion'])) return { defaultRegion: DEFAULT_REGION };
  const region = node.field('defaultRegion');
  const value = region.string({ pattern: /^[A-Z]{2}$/, hint: 'an ISO 3166-1 alpha-2 code in upper case, e.g. US' });
  if (value !== undefined && !isSupportedCountry(value)) region.fail('is not a region libphonenumber-js supports');
  return { defaultRegion: value ?? DEFAULT_REGION };
}

function validateStore(node: ConfigNode): StoreConfig {
  if (!node.present || !node.object(['kind', 'url', 'keyPrefix'])) return { kind: 'memory' };
  const kind = node.field('kind').string({ required: true, oneOf: ['memory', 'redis'] });
  const urlNode = node.field('url');
  const prefixNode = node.field('keyPrefix');
  if (kind !== 'redis') {
    for (const redisOnly of [urlNode, prefixNode]) if (redisOnly.present) redisOnly.fail('is only allowed with kind: redis');
    return { kind: 'memory' };
  }
  const keyPrefix = prefixNode.string({ pattern: /^[A-Za-z0-9_.:-]{1,64}$/, hint: '1-64 of A-Z a-z 0-9 _ . : -' });
  const url = urlNode.string({
    pattern: /^rediss?(\+cluster)?:\/\/\S+$/,
    hint: 'a redis:// or rediss:// URL, or redis+cluster://host:port,host:port (rediss+cluster:// for TLS)',
  });
  const reading = url === undefined ? undefined : readRedisUrl(url);
  if (reading?.kind === 'invalid') urlNode.fail(reading.problem);
  else if (reading !== undefined && reading.secrets.length > 0) {
    urlNode.fail('must not hold a password: set REDIS_URL in the environment instead');
  }
  return { kind: 'redis', url: url ?? DEFAULT_REDIS_URL, ...(keyPrefix === undefined ? {} : { keyPrefix }) };
}

function validateIdempotency(node: ConfigNode): IdempotencyConfig {
  const fields = ['retentionHours', 'leaseSeconds', 'reconcileIntervalSeconds', 'reconcileGiveUpHours'] as const;
  if (!node.present || !node.object(fields)) return { ...DEFAULT_IDEMPOTENCY };
  return {
    retentionHours: node.field('retentionHours').integer({ min: 1, max: 24 * 90 }) ?? DEFAULT_IDEMPOTENCY.retentionHours,
    leaseSeconds: node.field('leaseSeconds').integer({ min: 5, max: 3600 }) ?? DEFAULT_IDEMPOTENCY.leaseSeconds,
    reconcileIntervalSeconds: node.field('reconcileIntervalSeconds').integer({ min: 1, max: 3600 })
      ?? DEFAULT_IDEMPOTENCY.reconcileIntervalSeconds,
    // Below Stripe's 24 hours of idempotency-key retention: past it a re-send could charge again.
    reconcileGiveUpHours: node.field('reconcileGiveUpHours').integer({ min: 1, max: 23 }) ?? DEFAULT_IDEMPOTENCY.reconcileGiveUpHours,
  };
}
