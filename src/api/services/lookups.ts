import { TenderError } from '../../core/errors.js';
import type { Customer } from '../../core/types.js';
import type { CallContext } from '../../server/call-context.js';
import type { ApiDeps } from '../deps.js';
import type { AccountEntry } from '../registry.js';

/**
 * Resolves a neutral customer id for the caller's tenant and loads the customer. A
 * customer the processor does not have answers like an id of another tenant: NOT_FOUND
 * naming the field.
 */
export async function loadCustomer(
  deps: ApiDeps,
  call: CallContext,
  field: string,
  id: string,
): Promise<{ account: AccountEntry; customer: Customer }> {
  const { account, localId } = deps.registry.resolve(call.principal.tenant, field, id);
  const customer = await account.adapter.getCustomer(localId);
  if (!customer) throw new TenderError('not_found', `${field}: not found`, { field });
  return { account, customer };
}

/** Resolves an optional neutral id that must live in `account` (empty stays empty). */
export function localIdIn(deps: ApiDeps, call: CallContext, account: AccountEntry, field: string, id: string): string {
  if (id === '') return '';
  const resolved = deps.registry.resolve(call.principal.tenant, field, id);
  if (resolved.account.id !== account.id) {
    throw new TenderError('invalid_argument', `${field}: belongs to another account than the customer`, { field });
  }
  return resolved.localId;
}
