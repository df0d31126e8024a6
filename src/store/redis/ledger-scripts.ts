import type { RedisClient } from './redis-connection.js';
import { defineScripts } from './script-commands.js';
import { PAYMENT_STATUS_RANK, REFUND_STATUS_RANK } from '../ledger-rules.js';

/**
 * The payment-ledger changes as Lua, so that each read-compare-write is one atomic step
 * on the server however many Tender instances race: a status never moves back, and
 * refunds under different ids all add up while the same id counts once. Registered
 * with defineCommand, which falls back to EVAL on NOSCRIPT (payments-domain.md,
 * "Redis"). One payment is one hash (redis-keys.ts), so every script touches a single
 * key and Redis Cluster is satisfied.
 *
 * Hash fields: facts (JSON of what the first report said: id, amount, customer,
 * payment method, createdAt, description, merchant reference), status, decline (JSON
 * or ''), captured ('1' | '0'), refunded (integer minor units), and per refund
 * refundAmount:<id>, refundStatus:<id>, refundReference:<id>. Amounts travel as the
 * caller's decimal strings and only through HINCRBY, never as Lua numbers (which
 * print large values in exponent form). Every change restarts the key's retention.
 */

/** Lua table literal of a rank map: the order is written once, in ledger-rules.ts. */
const luaRanks = (ranks: Readonly<Record<string, number>>): string =>
  `{${Object.entries(ranks).map(([name, rank]) => `['${name}'] = ${rank}`).join(', ')}}`;

const PRELUDE = `
local PAYMENT_RANK = ${luaRanks(PAYMENT_STATUS_RANK)}
local REFUND_RANK = ${luaRanks(REFUND_STATUS_RANK)}
local function advance(key, status, decline, captured)
  if status ~= '' then
    local held = redis.call('HGET', key, 'status')
    if PAYMENT_RANK[status] > (PAYMENT_RANK[held] or -1) then
      redis.call('HSET', key, 'status', status, 'decline', decline)
    end
  end
  if captured == '1' then redis.call('HSET', key, 'captured', '1') end
end
`;

/** ARGV: factsJson, status, declineJson, captured ('1' | '0'), retentionMs. Reply: 1. */
const PUT = `${PRELUDE}
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'facts', ARGV[1], 'status', ARGV[2], 'decline', ARGV[3], 'captured', ARGV[4], 'refunded', 0)
else
  advance(KEYS[1], ARGV[2], ARGV[3], ARGV[4])
end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`;

/** ARGV: status ('' = leave), declineJson, captured ('1' = set), retentionMs. Reply: 1 moved, 0 not held. */
const ADVANCE = `${PRELUDE}
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
advance(KEYS[1], ARGV[1], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
`;

/** ARGV: refundId, amount, status, reference, retentionMs. Reply: 1 recorded, 0 payment not held. */
const REFUND = `${PRELUDE}
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local id, amount, status = ARGV[1], ARGV[2], ARGV[3]
local held = redis.call('HGET', KEYS[1], 'refundStatus:' .. id)
if not held then
  redis.call('HSET', KEYS[1], 'refundAmount:' .. id, amount, 'refundStatus:' .. id, status, 'refundReference:' .. id, ARGV[4])
  if status ~= 'failed' then redis.call('HINCRBY', KEYS[1], 'refunded', amount) end
elseif REFUND_RANK[status] > (REFUND_RANK[held] or -1) then
  redis.call('HSET', KEYS[1], 'refundStatus:' .. id, status)
  if status == 'failed' then
    redis.call('HINCRBY', KEYS[1], 'refunded', '-' .. redis.call('HGET', KEYS[1], 'refundAmount:' .. id))
  end
end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`;

type Script = (key: string, ...args: string[]) => Promise<unknown>;

export interface LedgerScripts {
  put: Script;
  advance: Script;
  refund: Script;
}

/** Registers the scripts on `redis` and returns them as calls taking the payment's key. */
export function defineLedgerScripts(redis: RedisClient): LedgerScripts {
  return defineScripts(redis, {
    put: { command: 'tenderLedgerPut', numberOfKeys: 1, lua: PUT },
    advance: { command: 'tenderLedgerAdvance', numberOfKeys: 1, lua: ADVANCE },
    refund: { command: 'tenderLedgerRefund', numberOfKeys: 1, lua: REFUND },
  });
}
