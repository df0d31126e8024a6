import type { RedisClient } from './redis-connection.js';
import { defineScripts } from './script-commands.js';

/**
 * The unsettled-call changes as Lua, so that adding once per (tenant, ref) and handing
 * each due call to one claimer are atomic however many Tender instances race.
 * Registered with defineCommand, which falls back to EVAL on NOSCRIPT (payments-domain.md,
 * "Redis").
 *
 * KEYS are always one tenant's calls, due, expiry (redis-keys.ts, unsettledKeys): the
 * tenant's hash tag, so one Redis Cluster slot, and a claim sees that tenant's calls
 * only. A call's field is its ref in all three. Every time comes from ARGV as the
 * decimal string TypeScript made (Lua only compares numbers, never prints them: Redis
 * Lua writes large numbers in exponent form). `wallNow` is the caller's Date.now(),
 * against which retention runs; the `now` of a claim only decides which calls are due.
 *
 * The due score is the truth about a pending call's dueAt: a claim moves the score and
 * leaves the stored JSON as it was, so readers take dueAt from the score.
 */

/** Drops up to `batch` records whose expiry has passed (ARGV positions given). */
const PRUNE = `
local function prune(wallNow, batch)
  local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', wallNow, 'LIMIT', 0, batch)
  if #expired > 0 then
    redis.call('HDEL', KEYS[1], unpack(expired))
    redis.call('ZREM', KEYS[2], unpack(expired))
    redis.call('ZREM', KEYS[3], unpack(expired))
  end
end
local function alive(field, wallNow)
  local expires = redis.call('ZSCORE', KEYS[3], field)
  return expires and tonumber(expires) > tonumber(wallNow)
end
`;

/**
 * Sets the keys to expire with their latest record, so a tenant no instance serves any
 * more (nothing left to prune it) leaves nothing behind. Redis's clock against the
 * callers' wall clock: they differ by little next to a retention. The score goes back
 * to Redis as Redis printed it (a whole number of ms), never through Lua's formatting.
 */
const KEEP_KEYS = `
local function keepKeys()
  local last = redis.call('ZRANGE', KEYS[3], -1, -1, 'WITHSCORES')
  if #last == 2 then
    for i = 1, 3 do redis.call('PEXPIREAT', KEYS[i], last[2]) end
  end
end
`;

/**
 * ARGV: field, callJson, dueAt, expiresAt, wallNow, pruneBatch.
 * Reply: nil when stored, or {storedJson, dueScore|nil} when the field already holds a
 * live call (nothing changes).
 */
const ADD = `${PRUNE}${KEEP_KEYS}
local json = redis.call('HGET', KEYS[1], ARGV[1])
if json and alive(ARGV[1], ARGV[5]) then
  return {json, redis.call('ZSCORE', KEYS[2], ARGV[1])}
end
prune(ARGV[5], ARGV[6])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
keepKeys()
return false
`;

/** ARGV: field, wallNow. Reply: nil, or {json, dueScore|nil}. Reads only. */
const GET = `${PRUNE}
local json = redis.call('HGET', KEYS[1], ARGV[1])
if not json or not alive(ARGV[1], ARGV[2]) then return false end
return {json, redis.call('ZSCORE', KEYS[2], ARGV[1])}
`;

/**
 * ARGV: wallNow, now, max, heldUntil, pruneBatch. Reply: the claimed calls' JSON, oldest
 * due first (equal scores by field), each now due at heldUntil. A due entry whose record
 * is gone or expired (beyond what one prune drops) is dropped, not claimed.
 */
const CLAIM = `${PRUNE}
prune(ARGV[1], ARGV[5])
local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[2], 'LIMIT', 0, ARGV[3])
local claimed = {}
for _, field in ipairs(due) do
  local json = redis.call('HGET', KEYS[1], field)
  if json and alive(field, ARGV[1]) then
    redis.call('ZADD', KEYS[2], ARGV[4], field)
    claimed[#claimed + 1] = json
  else
    redis.call('HDEL', KEYS[1], field)
    redis.call('ZREM', KEYS[2], field)
    redis.call('ZREM', KEYS[3], field)
  end
end
return claimed
`;

/** ARGV: field, callJson, state, dueAt, expiresAt. Reply: 1. */
const UPDATE = `${KEEP_KEYS}
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if ARGV[3] == 'pending' then
  redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
else
  redis.call('ZREM', KEYS[2], ARGV[1])
end
redis.call('ZADD', KEYS[3], ARGV[5], ARGV[1])
keepKeys()
return 1
`;

type Script = (calls: string, due: string, expiry: string, ...args: string[]) => Promise<unknown>;

export interface UnsettledScripts {
  add: Script;
  get: Script;
  claim: Script;
  update: Script;
}

/** Registers the scripts on `redis` and returns them as calls taking a tenant's three keys first. */
export function defineUnsettledScripts(redis: RedisClient): UnsettledScripts {
  return defineScripts(redis, {
    add: { command: 'tenderUnsettledAdd', numberOfKeys: 3, lua: ADD },
    get: { command: 'tenderUnsettledGet', numberOfKeys: 3, lua: GET },
    claim: { command: 'tenderUnsettledClaim', numberOfKeys: 3, lua: CLAIM },
    update: { command: 'tenderUnsettledUpdate', numberOfKeys: 3, lua: UPDATE },
  });
}
