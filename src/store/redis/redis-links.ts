import { randomUUID } from 'node:crypto';
import { TenderError } from '../../core/errors.js';
import { LINK_RETENTION_MS, checkLinkId, checkedChargeResult, checkedClaim, checkedNewLink, linkIdTaken } from '../link-rules.js';
import type { ClaimResult, HostedLink, HostedLinkState, NewHostedLink, PaymentLinkStore } from '../payment-link-store.js';
import { defineLinkScripts } from './link-scripts.js';
import { paymentLinkKey } from './redis-keys.js';
import type { RedisConnection } from './redis-connection.js';

/** The hash fields every reply carries, in this order (link-scripts.ts). */
const FIELDS = ['link', 'state', 'attempts', 'failures', 'paymentId'] as const;
const STATES: ReadonlySet<string> = new Set<HostedLinkState>(['open', 'paying', 'completed']);

/**
 * Payment links on Redis shared by every Tender instance: one hash per link, every
 * transition one Lua script (link-scripts.ts). The key expires LINK_RETENTION_MS after
 * the link does.
 */
export function createRedisLinkStore(connection: RedisConnection, prefix: string): PaymentLinkStore {
  const scripts = defineLinkScripts(connection.redis);
  const keyOf = (id: string): string => paymentLinkKey(prefix, checkLinkId(id));

  return {
    async create(input): Promise<void> {
      const link = checkedNewLink(input);
      const created = await connection.run(() =>
        scripts.create(keyOf(link.id), JSON.stringify(link), String(link.expiresAt), String(link.expiresAt + LINK_RETENTION_MS)),
      );
      if (created !== 1) throw linkIdTaken();
    },

    async get(id): Promise<HostedLink | undefined> {
      const key = keyOf(id);
      const values = await connection.run((redis) => redis.hmget(key, ...FIELDS));
      return values[0] === null ? undefined : decodeLink(values);
    },

    async claim(id, options): Promise<ClaimResult> {
      const { nonce, leaseMs, maxFailures } = checkedClaim(options);
      const key = keyOf(id);
      const now = Date.now();
      const token = randomUUID();
      const reply = (await connection.run(() =>
        scripts.claim(key, String(now), String(now + leaseMs), maxFailures, nonce ?? '', token),
      )) as [string, number?, string?, (string | null)[]?];
      const [state, resumed, storedNonce, fields] = reply;
      if (state === 'not_found') return { state };
      const link = decodeLink(fields ?? []);
      switch (state) {
        case 'claimed':
          return { state, link, token, attempt: link.attempts, nonce: storedNonce ?? '', resumed: resumed === 1 };
        case 'open':
        case 'busy':
        case 'completed':
        case 'expired':
        case 'exhausted':
          return { state, link };
        default:
          throw new Error(`unexpected claim reply ${String(state)}`);
      }
    },

    async finish(id, token, given): Promise<boolean> {
      const result = checkedChargeResult(given);
      const key = keyOf(id);
      const paymentId = result.kind === 'completed' ? result.paymentId : '';
      const reply = await connection.run(() => scripts.finish(key, token, result.kind, paymentId));
      return reply === 1;
    },
  };
}

/** Checks the shape: a key written by another version or by hand fails loudly (internal). */
function decodeLink(values: readonly (string | null)[]): HostedLink {
  const [json, state, attempts, failures, paymentId] = values;
  let fixed: NewHostedLink;
  try {
    fixed = checkedNewLink(JSON.parse(json ?? '') as NewHostedLink);
  } catch {
    throw malformed();
  }
  if (!state || !STATES.has(state) || typeof paymentId !== 'string') throw malformed();
  return {
    ...fixed, state: state as HostedLinkState, attempts: Number(attempts), failures: Number(failures), paymentId,
  };
}

function malformed(): TenderError {
  return new TenderError('internal', 'store holds a malformed payment link');
}
