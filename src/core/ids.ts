import { invalidField } from './errors.js';

/**
 * Processor-neutral ids: "<account id>:<processor's own id>", e.g.
 * "demo-stripe:cus_demo_jordan". The account part routes the call; the rest is passed
 * to that account's adapter untouched. Agents treat the whole string as opaque, so a
 * platform team can move a tenant to another processor account without changing them.
 */
export interface ParsedId {
  accountId: string;
  localId: string;
}

const ACCOUNT_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
const LOCAL_ID = /^[A-Za-z0-9_.\-]{1,200}$/;

export function isAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}

export function formatId(accountId: string, localId: string): string {
  return `${accountId}:${localId}`;
}

/** Empty local ids stay empty: an absent reference is "" in both forms. */
export function formatOptionalId(accountId: string, localId: string): string {
  return localId === '' ? '' : formatId(accountId, localId);
}

export function parseId(field: string, value: string): ParsedId {
  if (value === '') throw invalidField(field, 'required');
  const colon = value.indexOf(':');
  const accountId = value.slice(0, colon);
  const localId = value.slice(colon + 1);
  if (colon < 0 || !ACCOUNT_ID.test(accountId) || !LOCAL_ID.test(localId)) {
    throw invalidField(field, 'must be a Tender id of the form "<account>:<id>"');
  }
  return { accountId, localId };
}
