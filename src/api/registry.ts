import { TenderError, invalidField } from '../core/errors.js';
import { parseId } from '../core/ids.js';
import type { ProcessorAdapter } from '../core/processor-port.js';
import type { Capability, ProcessorName } from '../core/types.js';

/** A processor account Tender can route to, with the adapter that serves it. */
export interface AccountEntry {
  id: string;
  processor: ProcessorName;
  displayName: string;
  sandbox: boolean;
  adapter: ProcessorAdapter;
}

export interface TenantEntry {
  id: string;
  accountIds: readonly string[];
  defaultAccountId?: string;
}

/**
 * Which accounts a tenant may use. Every id a caller sends is resolved here, so that
 * another tenant's id answers exactly like an id that does not exist: NOT_FOUND, with
 * nothing about the other tenant in the message.
 */
export interface Registry {
  accountsOf(tenant: string): AccountEntry[];
  /** The named account, or the tenant's default when `accountId` is empty. */
  account(tenant: string, field: string, accountId: string): AccountEntry;
  /** Splits a neutral id and checks the tenant may use its account. */
  resolve(tenant: string, field: string, id: string): { account: AccountEntry; localId: string };
  /** An account by id, for traffic that names no tenant (webhooks). */
  accountById(accountId: string): AccountEntry | undefined;
  /** The tenants allowed to use an account. */
  tenantsUsing(accountId: string): string[];
  /** Every tenant this instance serves. */
  tenants(): string[];
  close(): Promise<void>;
}

export function createRegistry(accounts: AccountEntry[], tenants: TenantEntry[]): Registry {
  const byId = new Map(accounts.map((entry) => [entry.id, entry]));
  const tenantById = new Map(tenants.map((entry) => [entry.id, entry]));

  const allowed = (tenant: string, accountId: string): AccountEntry | undefined =>
    tenantById.get(tenant)?.accountIds.includes(accountId) ? byId.get(accountId) : undefined;

  const notFound = (field: string): TenderError =>
    new TenderError('not_found', `${field}: not found`, { field });

  return {
    accountsOf(tenant) {
      const entry = tenantById.get(tenant);
      return (entry?.accountIds ?? []).flatMap((id) => byId.get(id) ?? []);
    },
    account(tenant, field, accountId) {
      if (accountId !== '') {
        const found = allowed(tenant, accountId);
        if (!found) throw notFound(field);
        return found;
      }
      const entry = tenantById.get(tenant);
      const fallback = entry?.defaultAccountId ?? (entry?.accountIds.length === 1 ? entry.accountIds[0] : undefined);
      const found = fallback === undefined ? undefined : allowed(tenant, fallback);
      if (!found) throw invalidField(field, 'required: this tenant has several accounts and no default');
      return found;
    },
    resolve(tenant, field, id) {
      const { accountId, localId } = parseId(field, id);
      const account = allowed(tenant, accountId);
      if (!account) throw notFound(field);
      return { account, localId };
    },
    accountById(accountId) {
      return byId.get(accountId);
    },
    tenantsUsing(accountId) {
      return tenants.filter((tenant) => tenant.accountIds.includes(accountId)).map((tenant) => tenant.id);
    },
    tenants() {
      return [...tenantById.keys()];
    },
    async close() {
      await Promise.all(accounts.map((entry) => entry.adapter.close?.()));
    },
  };
}

/** Refuses a call the account's processor cannot serve, naming the capability. */
export function requireCapability(account: AccountEntry, capability: Capability): void {
  if (!account.adapter.capabilities.has(capability)) {
    throw new TenderError(
      'unimplemented',
      `account ${account.id} (${account.processor}) does not support ${capability}; see DescribeAccount`,
    );
  }
}
