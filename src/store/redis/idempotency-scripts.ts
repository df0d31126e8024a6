import type { RedisClient } from './redis-connection.js';
import { defineScripts } from './script-commands.js';

/**
 * The idempotency transitions as Lua, so that each check-and-set is one atomic step
 * on the server even with many Tender instances. Registered with defineCommand: ioredis
 * sends EVALSHA and falls back to EVAL on NOSCRIPT, which is what a restarted or
 * failed-over Redis answers (payments-domain.md, "Redis").
 *
 * KEYS[1] is always the record key, KEYS[2] the lease key (redis-keys.ts). A lease holds
 * the fingerprint of its request, so a different request under a running key is a
 * mismatch, not a wait.
 */

/** ARGV: fingerprint, token, leaseMs. Reply: {"replay", recordJson} | {state}. */
const BEGIN = `
local kept = redis.call('HMGET', KEYS[1], 'fingerprint', 'record')
if kept[1] then
  if kept[1] == ARGV[1] then return {'replay', kept[2]} end
  return {'mismatch'}
end
local holder = redis.call('HGET', KEYS[2], 'fingerprint')
if holder then
  if holder == ARGV[1] then return {'in_flight'} end
  return {'mismatch'}
end
redis.call('HSET', KEYS[2], 'token', ARGV[2], 'fingerprint', ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return {'acquired'}
`;

/** ARGV: token, fingerprint, recordJson, retentionMs. Reply: 1 stored, 0 lease lost, -1 fingerprint differs. */
const COMPLETE = `
local lease = redis.call('HMGET', KEYS[2], 'token', 'fingerprint')
if lease[1] ~= ARGV[1] then return 0 end
if lease[2] ~= ARGV[2] then return -1 end
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[1], 'fingerprint', ARGV[2], 'record', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
`;

/** ARGV: token. Deletes the lease only for its holder, so a late release cannot free a successor's lease. */
const RELEASE = `
if redis.call('HGET', KEYS[2], 'token') == ARGV[1] then
  return redis.call('DEL', KEYS[2])
end
return 0
`;

/** ARGV: token, leaseMs. Reply: 1 renewed, 0 the token no longer holds the lease. */
const RENEW = `
if redis.call('HGET', KEYS[2], 'token') == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[2], ARGV[2])
end
return 0
`;

export interface IdempotencyScripts {
  begin(record: string, lease: string, fingerprint: string, token: string, leaseMs: number): Promise<unknown>;
  complete(
    record: string,
    lease: string,
    token: string,
    fingerprint: string,
    recordJson: string,
    retentionMs: number,
  ): Promise<unknown>;
  renew(record: string, lease: string, token: string, leaseMs: number): Promise<unknown>;
  release(record: string, lease: string, token: string): Promise<unknown>;
}

/** Registers the scripts on `redis` and returns them as typed calls. */
export function defineIdempotencyScripts(redis: RedisClient): IdempotencyScripts {
  return defineScripts(redis, {
    begin: { command: 'tenderIdemBegin', numberOfKeys: 2, lua: BEGIN },
    complete: { command: 'tenderIdemComplete', numberOfKeys: 2, lua: COMPLETE },
    release: { command: 'tenderIdemRelease', numberOfKeys: 2, lua: RELEASE },
    renew: { command: 'tenderIdemRenew', numberOfKeys: 2, lua: RENEW },
  });
}
