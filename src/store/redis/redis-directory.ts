import { TenderError } from '../../core/errors.js';
import type { CustomerDirectory, DirectoryCustomer } from '../customer-directory.js';
import {
  checkId,
  checkedCustomer,
  emailIndexValue,
  inDirectoryOrder,
  matchesEmail,
  matchesPhone,
} from '../directory-rules.js';
import { defineDirectoryScripts, type IndexNames } from './directory-scripts.js';
import { decodeCustomer, encodeCustomer } from './redis-codec.js';
import { directoryKeys, type DirectoryKeys } from './redis-keys.js';
import type { RedisConnection } from './redis-connection.js';

/**
 * Rounds of read-then-compare-and-set before put() gives up. A round fails only when
 * another put() of the same customer changed its phone or email between the read and
 * the script, and each such put fails it at most once, so a put always succeeds while
 * fewer than this many puts of one customer overlap. Customers are written by people's
 * calls, one or two at a time; past the bound the answer is 'aborted', which may be retried.
 */
const PUT_ROUNDS = 16;

/**
 * Customer directory on Redis shared by every Tender instance: one hash per customer
 * and one set of ids per phone and per email, all of one account under one hash tag
 * (redis-keys.ts). put() is one Lua script (directory-scripts.ts). Lookups read the set,
 * then the records in one pipeline, and keep only records that still carry the value
 * looked up: an id whose record is gone, or that moved to another phone between the two
 * reads, is skipped rather than returned.
 */
export function createRedisDirectory(connection: RedisConnection, prefix: string): CustomerDirectory {
  const scripts = defineDirectoryScripts(connection.redis);
  const keysOf = (accountId: string): DirectoryKeys => directoryKeys(prefix, checkId('accountId', accountId));

  const lookUp = async (
    keys: DirectoryKeys,
    indexKey: string,
    matches: (customer: DirectoryCustomer) => boolean,
  ): Promise<DirectoryCustomer[]> => {
    const records = await connection.run(async (redis) => {
      const ids = await redis.smembers(indexKey);
      if (ids.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const id of ids) pipeline.hget(keys.customer(id), 'record');
      return ((await pipeline.exec()) ?? []).map(([error, json]) => {
        if (error) throw error;
        return json;
      });
    });
    const found = records.filter((json) => json !== null).map(decodeCustomer);
    return inDirectoryOrder(found.filter(matches));
  };

  return {
    async put(accountId, customer): Promise<void> {
      const record = checkedCustomer(customer);
      const keys = keysOf(accountId);
      const customerKey = keys.customer(record.id);
      const next: IndexNames = {
        phone: record.phone === '' ? '' : keys.phoneIndex(record.phone),
        email: record.email === '' ? '' : keys.emailIndex(emailIndexValue(record.email)),
      };
      const json = encodeCustomer(record);
      await connection.run(async (redis) => {
        for (let round = 0; round < PUT_ROUNDS; round++) {
          const [phone, email] = await redis.hmget(customerKey, 'phoneIndex', 'emailIndex');
          const held: IndexNames = { phone: phone ?? '', email: email ?? '' };
          if (await scripts.put(customerKey, record.id, json, held, next)) return;
        }
        throw new TenderError('aborted', 'customer directory: the customer kept changing concurrently; retry');
      });
    },

    async get(accountId, customerId): Promise<DirectoryCustomer | undefined> {
      const key = keysOf(accountId).customer(checkId('customerId', customerId));
      const json = await connection.run((redis) => redis.hget(key, 'record'));
      return json === null ? undefined : decodeCustomer(json);
    },

    async findByPhone(accountId, phone): Promise<DirectoryCustomer[]> {
      const keys = keysOf(accountId);
      if (phone === '') return [];
      return lookUp(keys, keys.phoneIndex(phone), (customer) => matchesPhone(customer, phone));
    },

    async findByEmail(accountId, email): Promise<DirectoryCustomer[]> {
      const keys = keysOf(accountId);
      if (email === '') return [];
      return lookUp(keys, keys.emailIndex(emailIndexValue(email)), (customer) => matchesEmail(customer, email));
    },
  };
}
