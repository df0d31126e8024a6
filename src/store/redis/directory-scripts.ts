import type { RedisClient } from './redis-connection.js';
import { defineScripts } from './script-commands.js';

/**
 * put() as one Lua script, so that a customer's record and its index entries change in
 * one atomic step: a changed phone or email leaves no stale entry in the old set, and a
 * reader never sees the record under an index it has left. Registered with
 * defineCommand, which falls back to EVAL on NOSCRIPT (payments-domain.md, "Redis").
 *
 * The hash names the index sets the customer is in (phoneIndex, emailIndex), because the
 * set names are hashes of the values (redis-keys.ts) that Lua cannot recompute. Redis
 * Cluster wants every key a script touches passed in KEYS, so the caller reads those
 * names first and passes them; the script stores only if they are still the ones
 * there (compare-and-set), else replies 0 and the caller reads again.
 *
 * KEYS: the customer hash, then each index set named in ARGV[3..6] once, all under one
 * hash tag. ARGV: record JSON, customer id, the phone and email index read from the hash,
 * the new phone and email index ('' where there is none).
 * Reply: 1 stored, 0 the hash moved since it was read.
 */
const PUT = `
local held = redis.call('HMGET', KEYS[1], 'phoneIndex', 'emailIndex')
if (held[1] or '') ~= ARGV[3] or (held[2] or '') ~= ARGV[4] then return 0 end
for i = 3, 4 do
  local old, new = ARGV[i], ARGV[i + 2]
  if old ~= '' and old ~= new then redis.call('SREM', old, ARGV[2]) end
  if new ~= '' then redis.call('SADD', new, ARGV[2]) end
end
redis.call('HSET', KEYS[1], 'record', ARGV[1], 'phoneIndex', ARGV[5], 'emailIndex', ARGV[6])
return 1
`;

/** The index sets a customer is in; '' where it has no phone or no email. */
export interface IndexNames {
  phone: string;
  email: string;
}

export interface DirectoryScripts {
  /** Resolves true when stored, false when `held` no longer matches the hash. */
  put(
    customerKey: string,
    customerId: string,
    recordJson: string,
    held: IndexNames,
    next: IndexNames,
  ): Promise<boolean>;
}

/** Registers the script on `redis` and returns it as a typed call. */
export function defineDirectoryScripts(redis: RedisClient): DirectoryScripts {
  // No numberOfKeys: the number of index sets varies, so each call passes its key count.
  const { put } = defineScripts(redis, { put: { command: 'tenderDirectoryPut', lua: PUT } });
  return {
    async put(customerKey, customerId, recordJson, held, next): Promise<boolean> {
      const indexSets = [...new Set([held.phone, held.email, next.phone, next.email])].filter((name) => name !== '');
      const keys = [customerKey, ...indexSets];
      const reply = await put(
        keys.length,
        ...keys,
        recordJson,
        customerId,
        held.phone,
        held.email,
        next.phone,
        next.email,
      );
      return reply === 1;
    },
  };
}
