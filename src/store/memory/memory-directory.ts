import type { CustomerDirectory, DirectoryCustomer } from '../customer-directory.js';
import { checkId, checkedCustomer, emailIndexValue, inDirectoryOrder } from '../directory-rules.js';

/** One account's customers by id, with the ids under each phone and lower-cased email. */
interface Account {
  byId: Map<string, DirectoryCustomer>;
  byPhone: Map<string, Set<string>>;
  byEmail: Map<string, Set<string>>;
}

/**
 * Customer directory for a single process. put() runs without awaiting anything, so it
 * is atomic with respect to every other call, like the Redis script. Records are copied
 * in and out so a caller mutating its object cannot alter what is stored.
 */
export function createMemoryDirectory(): CustomerDirectory {
  const accounts = new Map<string, Account>();

  const accountFor = (accountId: string): Account => {
    let account = accounts.get(checkId('accountId', accountId));
    if (account === undefined) {
      account = { byId: new Map(), byPhone: new Map(), byEmail: new Map() };
      accounts.set(accountId, account);
    }
    return account;
  };

  const find = (accountId: string, index: 'byPhone' | 'byEmail', value: string): DirectoryCustomer[] => {
    const account = accounts.get(checkId('accountId', accountId));
    const ids = value === '' ? undefined : account?.[index].get(value);
    if (account === undefined || ids === undefined) return [];
    return inDirectoryOrder([...ids].map((id) => structuredClone(account.byId.get(id)!)));
  };

  return {
    async put(accountId, customer): Promise<void> {
      const record = checkedCustomer(customer);
      const account = accountFor(accountId);
      const previous = account.byId.get(record.id);
      if (previous !== undefined) {
        unindex(account.byPhone, previous.phone, record.id);
        unindex(account.byEmail, emailIndexValue(previous.email), record.id);
      }
      account.byId.set(record.id, structuredClone(record));
      index(account.byPhone, record.phone, record.id);
      index(account.byEmail, emailIndexValue(record.email), record.id);
    },

    async get(accountId, customerId): Promise<DirectoryCustomer | undefined> {
      const found = accounts.get(checkId('accountId', accountId))?.byId.get(checkId('customerId', customerId));
      return found === undefined ? undefined : structuredClone(found);
    },

    async findByPhone(accountId, phone): Promise<DirectoryCustomer[]> {
      return find(accountId, 'byPhone', phone);
    },

    async findByEmail(accountId, email): Promise<DirectoryCustomer[]> {
      return find(accountId, 'byEmail', emailIndexValue(email));
    },
  };
}

/** An empty phone or email is not indexed: "no phone" is not a number customers share. */
function index(map: Map<string, Set<string>>, value: string, id: string): void {
  if (value === '') return;
  const ids = map.get(value) ?? new Set<string>();
  ids.add(id);
  map.set(value, ids);
}

function unindex(map: Map<string, Set<string>>, value: string, id: string): void {
  const ids = map.get(value);
  if (ids === undefined) return;
  ids.delete(id);
  if (ids.size === 0) map.delete(value);
}
