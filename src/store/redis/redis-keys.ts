import { createHash } from 'node:crypto';
import { TenderError } from '../../core/errors.js';

/**
 * Key layout (prefix defaults to "tender"):
 *
 *   <prefix>:idem:{<sha256 of [scope, key]>}:lease   hash {token, fingerprint}, PX = lease
 *   <prefix>:idem:{<sha256 of [scope, key]>}:record  hash {fingerprint, record}, PX = retention
 *   <prefix>:events:{<tenant, URI-encoded>}          stream, field "e" = event JSON
 *   <prefix>:dir:{<account, URI-encoded>}:cust:<id, URI-encoded>
 *                                                    hash {record, phoneIndex, emailIndex}
 *   <prefix>:dir:{<account, URI-encoded>}:phone:<sha256 of the E.164 number>
 *                                                    set of customer ids
 *   <prefix>:dir:{<account, URI-encoded>}:email:<sha256 of the lower-cased email>
 *                                                    set of customer ids
 *   <prefix>:link:{<payment link id>}               hash (link-scripts.ts), PXAT = expiry
 *                                                    + retention
 *   <prefix>:ledger:pay:{<account>:<payment id>, each URI-encoded}
 *                                                    hash (ledger-scripts.ts), PX = retention
 *   <prefix>:ledger:link:{<account>:<link id>, each URI-encoded}
 *                                                    string: the payment id, PX = retention
 *   <prefix>:limits:{<tenant>:<customer>, each URI-encoded}:cust:declines|held
 *                                                    sorted sets (decline-limit-scripts.ts)
 *   <prefix>:limits:{<tenant>:<customer>}:cust:default
 *                                                    string: the last default method charged
 *   <prefix>:limits:{<tenant>:<customer>}:cust:method-declined
 *                                                    string '1' while a method decline counts
 *   <prefix>:limits:{<tenant>:<customer>}:pm:<method, URI-encoded>:attempts|declines|held
 *                                                    sorted sets; :blocked string (until, ms)
 *   <prefix>:unsettled:{<tenant, URI-encoded>}:calls hash: ref -> call JSON
 *   <prefix>:unsettled:{<tenant>}:due                sorted set: ref -> dueAt (ms), pending
 *                                                    calls only
 *   <prefix>:unsettled:{<tenant>}:expiry             sorted set: ref -> epoch ms when the
 *                                                    call is dropped (retention after its
 *                                                    last change); all three keys PXAT the
 *                                                    latest of these
 *
 * The braces are Redis Cluster hash tags: both keys one script touches hash to the same
 * slot (payments-domain.md, "Redis"). Scope and key are caller-supplied, so they are
 * hashed rather than embedded: no brace, colon or length can move the tag or make two
 * (scope, key) pairs share keys. The scope is part of the hash, so one tenant can never
 * reach another's record (IETF idempotency-key draft: scope keys by caller identity).
 *
 * A directory account's keys all share one tag, so the script that moves a customer
 * between index sets touches a single slot. Index sets are named by a hash of the phone
 * or email: the record keeps both in clear anyway (a phone number is easily enumerated,
 * so this is no secrecy), but key names stay bounded and free of odd characters, and a
 * SCAN, MONITOR or slow log listing does not spell out people's contact details.
 *
 * Unsettled calls (calls whose outcome is unknown, unsettled-calls.ts) are kept per
 * tenant, under the tenant's own hash tag: each script touches one tenant's three keys,
 * in one slot. Per tenant because Tender deployments with different configurations may
 * share one Redis and one prefix, and an instance must claim only calls of tenants it
 * serves: it could not settle another deployment's call, and must not take it from the
 * instance that can. Separate tags also spread tenants over a Redis Cluster. The ref is
 * the field as is: the key already names the tenant. Expiry is a sorted set because a
 * hash field has no TTL of its own; the scripts drop what it says has expired
 * (unsettled-scripts.ts). The keys' own expiry, at the latest record's, removes a
 * tenant's keys even when no instance serves that tenant any more to prune them.
 */

export interface IdempotencyKeys {
  lease: string;
  record: string;
}

export const DEFAULT_KEY_PREFIX = 'tender';

/** A prefix must not contain braces (it would move the hash tag) or glob characters. */
export function checkKeyPrefix(prefix: string): string {
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(prefix)) {
    throw new TenderError('invalid_argument', 'keyPrefix: use 1-64 of A-Z a-z 0-9 _ . : -', {
      field: 'keyPrefix',
    });
  }
  return prefix;
}

export function idempotencyKeys(prefix: string, scope: string, key: string): IdempotencyKeys {
  const tag = sha256Hex(JSON.stringify([scope, key]));
  const base = `${prefix}:idem:{${tag}}`;
  return { lease: `${base}:lease`, record: `${base}:record` };
}

/** URI encoding is injective and escapes braces and colons, yet keeps plain ids readable. */
export function eventStreamKey(prefix: string, tenant: string): string {
  return `${prefix}:events:{${encodeURIComponent(tenant)}}`;
}

export interface DirectoryKeys {
  customer(customerId: string): string;
  /** `phone` as stored (E.164). */
  phoneIndex(phone: string): string;
  /** `email` already lower-cased (directory-rules.ts, emailIndexValue). */
  emailIndex(email: string): string;
}

export function directoryKeys(prefix: string, accountId: string): DirectoryKeys {
  const base = `${prefix}:dir:{${encodeURIComponent(accountId)}}`;
  return {
    customer: (customerId) => `${base}:cust:${encodeURIComponent(customerId)}`,
    phoneIndex: (phone) => `${base}:phone:${sha256Hex(phone)}`,
    emailIndex: (email) => `${base}:email:${sha256Hex(email)}`,
  };
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A link id is base64url (link-rules.ts), so it sits in the tag as is. */
export function paymentLinkKey(prefix: string, linkId: string): string {
  return `${prefix}:link:{${linkId}}`;
}

/**
 * Payment-ledger keys take one hash tag per payment, not per account: every ledger
 * script touches one payment's hash only, so nothing needs an account in one slot, and
 * a busy account's payments spread over the cluster instead of loading one shard.
 * URI encoding escapes ':' and braces, so the ':' between account and id is unambiguous.
 */
export function ledgerPaymentKey(prefix: string, accountId: string, paymentId: string): string {
  return `${prefix}:ledger:pay:{${encodeURIComponent(accountId)}:${encodeURIComponent(paymentId)}}`;
}

export function ledgerLinkKey(prefix: string, accountId: string, linkId: string): string {
  return `${prefix}:ledger:link:{${encodeURIComponent(accountId)}:${encodeURIComponent(linkId)}}`;
}

export interface MethodLimitKeys {
  attempts: string;
  declines: string;
  held: string;
  blocked: string;
}

export interface DeclineLimitKeys {
  customerDeclines: string;
  customerHeld: string;
  lastDefault: string;
  methodDeclined: string;
  method(paymentMethodId: string): MethodLimitKeys;
}

/**
 * Decline-limit keys take one hash tag per tenant and customer, and a payment method's
 * keys carry its customer's tag (a saved method belongs to one customer): the scripts
 * that check a customer and its method together touch a single slot.
 */
export function declineLimitKeys(prefix: string, tenant: string, customerId: string): DeclineLimitKeys {
  const base = `${prefix}:limits:{${encodeURIComponent(tenant)}:${encodeURIComponent(customerId)}}`;
  return {
    customerDeclines: `${base}:cust:declines`,
    customerHeld: `${base}:cust:held`,
    lastDefault: `${base}:cust:default`,
    methodDeclined: `${base}:cust:method-declined`,
    method(paymentMethodId) {
      const method = `${base}:pm:${encodeURIComponent(paymentMethodId)}`;
      return { attempts: `${method}:attempts`, declines: `${method}:declines`, held: `${method}:held`, blocked: `${method}:blocked` };
    },
  };
}

export interface UnsettledKeys {
  calls: string;
  due: string;
  expiry: string;
}

/** One tenant's three unsettled-call keys: the tenant's tag, so one slot (see above). */
export function unsettledKeys(prefix: string, tenant: string): UnsettledKeys {
  const base = `${prefix}:unsettled:{${encodeURIComponent(tenant)}}`;
  return { calls: `${base}:calls`, due: `${base}:due`, expiry: `${base}:expiry` };
}
