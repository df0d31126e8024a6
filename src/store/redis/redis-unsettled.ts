import { TenderError } from '../../core/errors.js';
import type { UnsettledCall, UnsettledCallStore } from '../unsettled-calls.js';
import { checkedClaim, checkedNewUnsettledCall, checkedUnsettledCall, nonEmpty } from '../unsettled-rules.js';
import { positiveMs } from '../store-limits.js';
import { unsettledKeys } from './redis-keys.js';
import type { RedisConnection } from './redis-connection.js';
import { defineUnsettledScripts } from './unsettled-scripts.js';

/**
 * Expired records one add or claim drops at most, so one script stays short however
 * many records expired while no reconciler ran; the rest go with the next calls.
 */
const PRUNE_BATCH = '1000';

/**
 * Unsettled calls on Redis shared by every Tender instance: per tenant, one hash of
 * calls, a sorted set of when pending calls are due and one of when records expire,
 * under the tenant's hash tag (redis-keys.ts). Every change is one Lua script
 * (unsettled-scripts.ts), so a claim hands each due call to one instance. Retention runs
 * on this process's clock (Date.now()); instances' clocks differ by little next to a
 * retention of days.
 */
export function createRedisUnsettledCalls(connection: RedisConnection, prefix: string): UnsettledCallStore {
  const scripts = defineUnsettledScripts(connection.redis);
  const keysOf = (tenant: string): [string, string, string] => {
    const { calls, due, expiry } = unsettledKeys(prefix, tenant);
    return [calls, due, expiry];
  };

  return {
    async add(given, retentionMs): Promise<UnsettledCall> {
      const call = checkedNewUnsettledCall(given);
      const retention = positiveMs('retentionMs', retentionMs);
      const wallNow = Date.now();
      const reply = await connection.run(() =>
        scripts.add(
          ...keysOf(call.tenant), call.ref, JSON.stringify(call), String(call.dueAt), String(wallNow + retention), String(wallNow), PRUNE_BATCH,
        ),
      );
      return reply === null ? call : decodeKept(reply, call.tenant, call.ref);
    },

    async get(tenant, ref): Promise<UnsettledCall | undefined> {
      const keys = keysOf(nonEmpty('tenant', tenant));
      nonEmpty('ref', ref);
      const reply = await connection.run(() => scripts.get(...keys, ref, String(Date.now())));
      return reply === null ? undefined : decodeKept(reply, tenant, ref);
    },

    async claimDue(tenant, now, max, holdMs): Promise<UnsettledCall[]> {
      const claim = checkedClaim(tenant, now, max, holdMs);
      const reply = await connection.run(() =>
        scripts.claim(...keysOf(claim.tenant), String(Date.now()), String(claim.now), String(claim.max), String(claim.heldUntil), PRUNE_BATCH),
      );
      if (!Array.isArray(reply)) throw malformed();
      return reply.map((json: unknown) => ({ ...decodeCall(json, claim.tenant), dueAt: claim.heldUntil }));
    },

    async update(given, retentionMs): Promise<void> {
      const call = checkedUnsettledCall(given);
      const retention = positiveMs('retentionMs', retentionMs);
      await connection.run(() =>
        scripts.update(...keysOf(call.tenant), call.ref, JSON.stringify(call), call.state, String(call.dueAt), String(Date.now() + retention)),
      );
    },
  };
}

/** A {json, dueScore} reply: a pending call is due when its score says (a claim moves only the score). */
function decodeKept(reply: unknown, tenant: string, ref: string): UnsettledCall {
  if (!Array.isArray(reply)) throw malformed();
  const [json, score] = reply as [unknown, unknown];
  const call = decodeCall(json, tenant, ref);
  if (call.state !== 'pending' || score === null || score === undefined) return call;
  const dueAt = Number(score);
  if (!Number.isSafeInteger(dueAt)) throw malformed();
  return { ...call, dueAt };
}

/**
 * Held to the same rules as add(), and to the tenant (and ref) whose keys held it, so a
 * record written by another version or by hand fails loudly.
 */
function decodeCall(json: unknown, tenant: string, ref?: string): UnsettledCall {
  if (typeof json !== 'string') throw malformed();
  let call: UnsettledCall;
  try {
    call = checkedUnsettledCall(JSON.parse(json) as UnsettledCall);
  } catch {
    throw malformed();
  }
  if (call.tenant !== tenant || (ref !== undefined && call.ref !== ref)) throw malformed();
  return call;
}

function malformed(): TenderError {
  return new TenderError('internal', 'store holds a malformed unsettled call');
}
