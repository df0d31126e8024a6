import type { RedisClient } from './redis-connection.js';
import { defineScripts, type ScriptArgument, type ScriptCall } from './script-commands.js';

/**
 * The decline-limit steps as Lua, so that checking every limit and holding a slot is one
 * atomic step on the server however many Tender instances race (no overshoot), and so
 * is turning the slot into counts. Registered with defineCommand, which falls back to
 * EVAL on NOSCRIPT (payments-domain.md, "Redis"). Every key of a call carries the
 * tenant-and-customer hash tag (redis-keys.ts, declineLimitKeys): one slot per call.
 *
 * Time is the server's (TIME), so instances with drifting clocks count alike. Finished
 * events are sorted-set members (the reservation token) scored by when they happened;
 * reservations are members scored by when their lease ends. The arithmetic is
 * windowReading's (src/store/decline-limit-rules.ts). Times are written with %.0f, never
 * as Lua's default number format, which would turn large values into exponent form.
 */

const PRELUDE = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function num(n) return string.format('%.0f', n) end
local function keep(key, ms)
  if redis.call('PTTL', key) < ms then redis.call('PEXPIRE', key, num(ms)) end
end
local function window_reading(scope, finished, held, limit, window, now)
  local from, live = '(' .. num(now - window), '(' .. num(now)
  local count = redis.call('ZCOUNT', finished, from, '+inf')
  local in_flight = redis.call('ZCOUNT', held, live, '+inf')
  local over = count + in_flight - limit + 1
  local retry = 0
  if over > 0 then
    local ends = {}
    local f = redis.call('ZRANGEBYSCORE', finished, from, '+inf', 'WITHSCORES', 'LIMIT', 0, over)
    for i = 2, #f, 2 do ends[#ends + 1] = tonumber(f[i]) + window end
    local h = redis.call('ZRANGEBYSCORE', held, live, '+inf', 'WITHSCORES', 'LIMIT', 0, over)
    for i = 2, #h, 2 do ends[#ends + 1] = tonumber(h[i]) end
    table.sort(ends)
    retry = ends[over] - now
  end
  return {scope, count, in_flight, limit, window, retry}
end
local function block_reading(blocked, block, now)
  local until_ms = tonumber(redis.call('GET', blocked) or '0')
  if until_ms > now then return {'method_blocked', 1, 0, 1, block, until_ms - now} end
  return {'method_blocked', 0, 0, 1, block, 0}
end
-- KEYS: customer declines, customer held[, method attempts, method declines, method held,
-- method blocked]. ARGV from at: customer limit, window, method attempts limit, window,
-- method declines limit, window, hard-decline block.
local function readings(now, at)
  local n = function(i) return tonumber(ARGV[at + i]) end
  local list = {window_reading('customer_declines', KEYS[1], KEYS[2], n(0), n(1), now)}
  if #KEYS > 2 then
    list[2] = window_reading('method_attempts', KEYS[3], KEYS[5], n(2), n(3), now)
    list[3] = window_reading('method_declines', KEYS[4], KEYS[5], n(4), n(5), now)
    list[4] = block_reading(KEYS[6], n(6), now)
  end
  return list
end
`;

/** ARGV: the rules (see readings). Reply: the readings, changing nothing. */
const READ = `${PRELUDE}
return readings(now_ms(), 1)
`;

/** ARGV: token, leaseMs, the rules. Reply: {'reserved'} | {'refused', readings}. */
const RESERVE = `${PRELUDE}
local now = now_ms()
local list = readings(now, 3)
for _, reading in ipairs(list) do
  if reading[6] > 0 then return {'refused', list} end
end
local lease = tonumber(ARGV[2])
local function hold(key)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', num(now))
  redis.call('ZADD', key, num(now + lease), ARGV[1])
  keep(key, lease)
end
hold(KEYS[2])
if #KEYS > 2 then hold(KEYS[5]) end
return {'reserved'}
`;

/**
 * KEYS: customer declines, customer held, last default, method-declined marker, reserved
 * method's held (the customer's held again when none)[, charged method's attempts,
 * declines, blocked]. ARGV: token, outcome, customer window, attempts window, declines
 * window, block ms, default method to remember ('' = none), retention of the default and
 * of the marker (the longest method window). Reply: 1.
 */
const SETTLE = `${PRELUDE}
local now = now_ms()
local token, outcome = ARGV[1], ARGV[2]
redis.call('ZREM', KEYS[2], token)
redis.call('ZREM', KEYS[5], token)
if ARGV[7] ~= '' then redis.call('SET', KEYS[3], ARGV[7], 'PX', ARGV[8]) end
if outcome == 'none' then return 1 end
local declined = outcome == 'decline' or outcome == 'hard_decline'
local function count(key, window)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', num(now - window))
  redis.call('ZADD', key, 'NX', num(now), token)
  keep(key, window)
end
if declined then count(KEYS[1], tonumber(ARGV[3])) end
if #KEYS > 5 then
  if outcome == 'success' then redis.call('DEL', KEYS[6]) else count(KEYS[6], tonumber(ARGV[4])) end
  if declined then
    count(KEYS[7], tonumber(ARGV[5]))
    redis.call('SET', KEYS[4], '1', 'PX', ARGV[8])
  end
  if outcome == 'hard_decline' then
    local block = tonumber(ARGV[6])
    if tonumber(redis.call('GET', KEYS[8]) or '0') < now + block then
      redis.call('SET', KEYS[8], num(now + block), 'PX', num(block))
    end
  end
end
return 1
`;

/** Takes the keys and the arguments apart: the number of keys varies with the call. */
type Script = (keys: readonly string[], args: readonly ScriptArgument[]) => Promise<unknown>;

export interface DeclineLimitScripts {
  read: Script;
  reserve: Script;
  settle: Script;
}

/** Registers the scripts on `redis`; without numberOfKeys, each call passes the key count first. */
export function defineDeclineLimitScripts(redis: RedisClient): DeclineLimitScripts {
  const scripts = defineScripts(redis, {
    read: { command: 'tenderLimitsRead', lua: READ },
    reserve: { command: 'tenderLimitsReserve', lua: RESERVE },
    settle: { command: 'tenderLimitsSettle', lua: SETTLE },
  });
  const withKeys =
    (script: ScriptCall): Script =>
    (keys, args) =>
      script(keys.length, ...keys, ...args);
  return { read: withKeys(scripts.read), reserve: withKeys(scripts.reserve), settle: withKeys(scripts.settle) };
}
