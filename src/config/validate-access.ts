import { ALL_SCOPES, isKnownScope, SCOPES } from '../server/scopes.js';
import { reportDuplicates, type ConfigNode } from './checks.js';
import type { ApiKeyConfig, TenantConfig } from './types.js';
import { ID_HINT, ID_PATTERN } from './validate-accounts.js';
import { validateDeclineLimits } from './validate-limits.js';
import type { Money } from '../core/types.js';

const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const SHA256_HEX = /^[0-9A-Fa-f]{64}$/;
const SCOPE_CHOICES = [...SCOPES, ALL_SCOPES];

export function validateTenants(node: ConfigNode, accountIds: ReadonlySet<string>): TenantConfig[] {
  const entries = node.items({ nonEmpty: true }).map((item) => ({ node: item, tenant: validateTenant(item, accountIds) }));
  reportDuplicates(entries.map(({ node: item, tenant }) => ({ node: item.field('id'), id: tenant?.id })));
  return entries.flatMap(({ tenant }) => (tenant ? [tenant] : []));
}

function validateTenant(node: ConfigNode, accountIds: ReadonlySet<string>): TenantConfig | undefined {
  if (!node.object(['id', 'accounts', 'defaultAccount', 'refundApprovalThreshold', 'declineLimits'])) return undefined;
  const id = node.field('id').string({ required: true, pattern: ID_PATTERN, hint: ID_HINT });
  const accounts = node
    .field('accounts')
    .items({ nonEmpty: true })
    .flatMap((item) => {
      const account = item.string({ required: true, pattern: ID_PATTERN, hint: 'an account id' });
      if (account !== undefined && !accountIds.has(account)) item.fail(`no account has id "${account}"`);
      return account === undefined ? [] : [account];
    });
  const defaultNode = node.field('defaultAccount');
  const defaultAccount = defaultNode.string({ pattern: ID_PATTERN, hint: 'an account id' });
  if (defaultAccount !== undefined && !accounts.includes(defaultAccount)) {
    defaultNode.fail(`must be one of this tenant's accounts`);
  }
  const threshold = validateMoney(node.field('refundApprovalThreshold'));
  const declineLimits = validateDeclineLimits(node.field('declineLimits'));
  return {
    id: id ?? '',
    accounts,
    ...(defaultAccount === undefined ? {} : { defaultAccount }),
    ...(threshold === undefined ? {} : { refundApprovalThreshold: threshold }),
    ...(declineLimits === undefined ? {} : { declineLimits }),
  };
}

function validateMoney(node: ConfigNode): Money | undefined {
  if (!node.present || !node.object(['amount', 'currency'])) return undefined;
  const amountNode = node.field('amount');
  if (!amountNode.present) amountNode.fail('is required (minor units, e.g. 5000 for USD 50.00)');
  const amount = amountNode.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
  const currency = node
    .field('currency')
    .string({ required: true, pattern: /^[A-Z]{3}$/, hint: 'an ISO 4217 code in upper case, e.g. USD' });
  return amount === undefined || currency === undefined ? undefined : { amount, currency };
}

export function validateApiKeys(node: ConfigNode, tenantIds: ReadonlySet<string>): ApiKeyConfig[] {
  const entries = node.items({ nonEmpty: true }).map((item) => ({ node: item, key: validateApiKey(item, tenantIds) }));
  reportDuplicates(entries.map(({ node: item, key }) => ({ node: item.field('id'), id: key?.id })));
  reportDuplicates(
    entries.map(({ node: item, key }) => ({ node: item.field('sha256'), id: key?.sha256 || undefined })),
    () => 'the same key is configured twice',
  );
  return entries.flatMap(({ key }) => (key ? [key] : []));
}

const PLAINTEXT_HINT = 'unknown field: configure the SHA-256 of the key as sha256, never the key itself';

function validateApiKey(node: ConfigNode, tenantIds: ReadonlySet<string>): ApiKeyConfig | undefined {
  const known = ['id', 'tenant', 'sha256', 'scopes'];
  if (!node.object(known, { key: PLAINTEXT_HINT, apiKey: PLAINTEXT_HINT, secret: PLAINTEXT_HINT })) return undefined;
  const id = node.field('id').string({ required: true, pattern: KEY_ID, hint: 'letters, digits, ".", "_" or "-" (1-64)' });
  const tenantNode = node.field('tenant');
  const tenant = tenantNode.string({ required: true, pattern: ID_PATTERN, hint: 'a tenant id' });
  if (tenant !== undefined && !tenantIds.has(tenant)) tenantNode.fail(`no tenant has id "${tenant}"`);
  const sha256 = node.field('sha256').string({ required: true, pattern: SHA256_HEX, hint: '64 hexadecimal digits' });
  const scopes = node
    .field('scopes')
    .items({ nonEmpty: true })
    .flatMap((item) => {
      const scope = item.string({ required: true, oneOf: SCOPE_CHOICES });
      return scope !== undefined && (scope === ALL_SCOPES || isKnownScope(scope)) ? [scope] : [];
    });
  return { id: id ?? '', tenant: tenant ?? '', sha256: sha256?.toLowerCase() ?? '', scopes };
}
