import type { ProcessorName } from '../core/types.js';
import { needsScrubbing } from '../server/scrub.js';
import { reportDuplicates, type ConfigNode } from './checks.js';
import type { AccountConfig, AccountSettings, SecretRef } from './types.js';

export const PROCESSORS: readonly ProcessorName[] = ['stripe', 'braintree', 'adyen'];

/** Account and tenant ids: they appear in every processor-neutral id ("<account>:<id>"). */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;
export const ID_HINT = 'lower-case letters, digits and dashes (1-40, starting with a letter or digit)';

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const SETTING_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Setting names that say "secret": such a value belongs under credentials. */
const SECRET_NAME = /secret|password|passwd|token|private|api_?key|hmac/i;
const SECRETS_BY_ENV = 'must be { env: ENV_VAR_NAME }: secrets are read from the environment, never from the config file';

export function validateAccounts(node: ConfigNode): AccountConfig[] {
  const entries = node.items({ nonEmpty: true }).map((item) => ({ node: item, account: validateAccount(item) }));
  reportDuplicates(entries.map(({ node: item, account }) => ({ node: item.field('id'), id: account?.id })));
  return entries.flatMap(({ account }) => (account ? [account] : []));
}

function validateAccount(node: ConfigNode): AccountConfig | undefined {
  if (!node.object(['id', 'processor', 'displayName', 'sandbox', 'credentials', 'settings'])) return undefined;
  const id = node.field('id').string({ required: true, pattern: ID_PATTERN, hint: ID_HINT });
  const processor = node.field('processor').string({ required: true, oneOf: PROCESSORS }) as ProcessorName | undefined;
  const displayName = node.field('displayName').string();
  return {
    id: id ?? '',
    processor: processor ?? 'stripe',
    ...(displayName === undefined ? {} : { displayName }),
    sandbox: node.field('sandbox').boolean() ?? false,
    credentials: validateCredentials(node.field('credentials')),
    settings: validateSettings(node.field('settings')),
  };
}

function validateCredentials(node: ConfigNode): Record<string, SecretRef> {
  const credentials: Record<string, SecretRef> = {};
  if (!node.present || !node.object()) return credentials;
  for (const name of node.keys()) {
    const entry = node.field(name);
    if (!SETTING_NAME.test(name)) entry.fail('credential names are letters, digits and underscores');
    if (typeof entry.value !== 'object' || entry.value === null) {
      entry.fail(SECRETS_BY_ENV);
      continue;
    }
    if (!entry.object(['env'])) continue;
    const env = entry
      .field('env')
      .string({ required: true, pattern: ENV_NAME, hint: 'an environment variable name (A-Z, 0-9, _)' });
    if (env !== undefined) credentials[name] = { env };
  }
  return credentials;
}

function validateSettings(node: ConfigNode): AccountSettings {
  const settings: AccountSettings = {};
  if (!node.present || !node.object()) return settings;
  for (const name of node.keys()) {
    const entry = node.field(name);
    const value = validateSetting(name, entry);
    if (value !== undefined) settings[name] = value;
  }
  return settings;
}

function validateSetting(name: string, node: ConfigNode): string | number | undefined {
  const { value } = node;
  if (!SETTING_NAME.test(name)) return node.fail('setting names are letters, digits and underscores');
  if (SECRET_NAME.test(name) || (typeof value === 'string' && needsScrubbing(value))) {
    return node.fail(`looks like a secret: put it under credentials as { env: ENV_VAR_NAME }`);
  }
  switch (name) {
    case 'baseUrl': {
      const url = node.string({ pattern: /^https?:\/\/\S+$/, hint: 'an http:// or https:// URL' });
      if (url !== undefined && URL.canParse(url) && (new URL(url).username || new URL(url).password)) {
        return node.fail('must not hold credentials');
      }
      return url;
    }
    case 'timeoutMs':
      return node.integer({ min: 1, max: 600_000 });
    case 'maxNetworkRetries':
      return node.integer({ min: 0, max: 10 });
    default:
      if (typeof value === 'string' && value.length > 0) return value;
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      return node.fail('must be a string or a number');
  }
}
