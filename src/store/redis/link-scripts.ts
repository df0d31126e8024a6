import type { RedisClient } from './redis-connection.js';
import { defineScripts, type ScriptArgument } from './script-commands.js';

/**
 * The payment-link transitions as Lua, so that each compare-and-set is one atomic step
 * on the server however many Tender instances race (20 concurrent claims: one wins).
 * Registered with defineCommand, which falls back to EVAL on NOSCRIPT
 * (payments-domain.md, "Redis"). One link is one hash (redis-keys.ts), so every script
 * touches a single key and Redis Cluster is satisfied.
 *
 * Hash fields: link (JSON of what was fixed at creation), expiresAt, state, attempts,
 * failures, paymentId, token, leaseUntil, nonce. Times are epoch milliseconds passed by
 * the caller, like the memory store; instances' clocks need only agree to well within
 * a lease.
 */

/** ARGV: linkJson, expiresAt, keepUntil (PEXPIREAT). Reply: 1 created, 0 id taken. */
const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'link', ARGV[1], 'expiresAt', ARGV[2], 'state', 'open',
  'attempts', 0, 'failures', 0, 'paymentId', '', 'token', '', 'leaseUntil', 0)
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
return 1
`;

/**
 * ARGV: now, leaseUntil, maxFailures, nonce ('' = resume only), token. Times arrive as
 * decimal strings and are stored as given (a Lua number may print in exponent form).
 * Reply: {state, resumed (0|1), nonce, fields...} where fields is HGETALL without the nonce.
 */
const CLAIM = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'not_found'} end
local now = tonumber(ARGV[1])
local f = redis.call('HMGET', KEYS[1], 'state', 'expiresAt', 'failures', 'leaseUntil', 'attempts', 'nonce')
local state, result, resumed = f[1], 'claimed', 0
if state == 'completed' then
  result = 'completed'
elseif state == 'paying' then
  if tonumber(f[4]) > now then
    result = 'busy'
  else
    resumed = 1
    redis.call('HSET', KEYS[1], 'token', ARGV[5], 'leaseUntil', ARGV[2])
  end
elseif tonumber(f[2]) <= now then
  result = 'expired'
elseif tonumber(f[3]) >= tonumber(ARGV[3]) then
  result = 'exhausted'
elseif ARGV[4] == '' then
  result = 'open'
else
  redis.call('HSET', KEYS[1], 'state', 'paying', 'attempts', tonumber(f[5]) + 1,
    'token', ARGV[5], 'leaseUntil', ARGV[2], 'nonce', ARGV[4])
end
local nonce = redis.call('HGET', KEYS[1], 'nonce') or ''
if result ~= 'claimed' then nonce = '' end
return {result, resumed, nonce, redis.call('HMGET', KEYS[1], 'link', 'state', 'attempts', 'failures', 'paymentId')}
`;

/**
 * ARGV: token, result (completed | failed | not_sent | unknown), paymentId.
 * Reply: 1 recorded, 0 the token no longer holds the claim.
 */
const FINISH = `
local f = redis.call('HMGET', KEYS[1], 'state', 'token')
if f[1] ~= 'paying' or f[2] ~= ARGV[1] or ARGV[1] == '' then return 0 end
if ARGV[2] == 'unknown' then
  redis.call('HSET', KEYS[1], 'leaseUntil', 0)
  return 1
end
if ARGV[2] == 'completed' then
  redis.call('HSET', KEYS[1], 'state', 'completed', 'paymentId', ARGV[3])
else
  redis.call('HSET', KEYS[1], 'state', 'open')
  if ARGV[2] == 'failed' then redis.call('HINCRBY', KEYS[1], 'failures', 1) end
end
redis.call('HSET', KEYS[1], 'token', '', 'leaseUntil', 0)
redis.call('HDEL', KEYS[1], 'nonce')
return 1
`;

type Script = (key: string, ...args: ScriptArgument[]) => Promise<unknown>;

export interface LinkScripts {
  create: Script;
  claim: Script;
  finish: Script;
}

/** Registers the scripts on `redis` and returns them as calls taking the link's key. */
export function defineLinkScripts(redis: RedisClient): LinkScripts {
  return defineScripts(redis, {
    create: { command: 'tenderLinkCreate', numberOfKeys: 1, lua: CREATE },
    claim: { command: 'tenderLinkClaim', numberOfKeys: 1, lua: CLAIM },
    finish: { command: 'tenderLinkFinish', numberOfKeys: 1, lua: FINISH },
  });
}
