import { randomUUID } from 'node:crypto';
import { TenderError } from '../../core/errors.js';
import {
  SCOPE_ORDER, chargedMethod, checkedLease, checkedRules, checkedSubject, defaultMethodRetentionMs,
} from '../decline-limit-rules.js';
import type { DeclineLimitRules, DeclineLimitStore, LimitScope, LimitSubject, ScopeReading } from '../decline-limits.js';
import { defineDeclineLimitScripts } from './decline-limit-scripts.js';
import { declineLimitKeys } from './redis-keys.js';
import type { RedisConnection } from './redis-connection.js';

/**
 * Decline limits on Redis shared by every Tender instance: a reservation and its
 * settlement are one Lua script each (decline-limit-scripts.ts), the lease is the
 * reservation's score, and every key expires once nothing in it can count any more.
 */
export function createRedisDeclineLimits(connection: RedisConnection, prefix: string): DeclineLimitStore {
  const scripts = defineDeclineLimitScripts(connection.redis);

  /** The keys a check of `subject` reads: the customer's, and its method's when it names one. */
  const checkKeys = (subject: LimitSubject): string[] => {
    const keys = declineLimitKeys(prefix, subject.tenant, subject.customerId);
    if (subject.paymentMethodId === '') return [keys.customerDeclines, keys.customerHeld];
    const method = keys.method(subject.paymentMethodId);
    return [keys.customerDeclines, keys.customerHeld, method.attempts, method.declines, method.held, method.blocked];
  };

  return {
    async reserve(given, givenRules, leaseMs) {
      const subject = checkedSubject(given);
      const rules = ruleArguments(checkedRules(givenRules));
      const lease = checkedLease(leaseMs);
      const token = randomUUID();
      const reply = await connection.run(() => scripts.reserve(checkKeys(subject), [token, lease, ...rules]));
      const [state, readings] = reply as [string, unknown];
      if (state === 'reserved') return { state, reservation: { subject, token } };
      if (state === 'refused') return { state, readings: decodeReadings(readings) };
      throw new TenderError('internal', 'unexpected reply from the decline-limit store');
    },

    async settle(reservation, settlement, givenRules) {
      const subject = checkedSubject(reservation.subject);
      const rules = checkedRules(givenRules);
      const method = chargedMethod(subject.paymentMethodId, settlement.paymentMethodId);
      const keys = declineLimitKeys(prefix, subject.tenant, subject.customerId);
      const reservedHeld = subject.paymentMethodId === '' ? keys.customerHeld : keys.method(subject.paymentMethodId).held;
      const charged = method === '' ? [] : [keys.method(method).attempts, keys.method(method).declines, keys.method(method).blocked];
      const remembered = settlement.chargedDefault ? settlement.paymentMethodId : '';
      await connection.run(() => scripts.settle(
        [keys.customerDeclines, keys.customerHeld, keys.lastDefault, keys.methodDeclined, reservedHeld, ...charged],
        [
          reservation.token, settlement.outcome, rules.customerDeclines.windowMs, rules.methodAttempts.windowMs,
          rules.methodDeclines.windowMs, rules.hardDeclineBlockMs, remembered, defaultMethodRetentionMs(rules),
        ],
      ));
    },

    async read(given, givenRules) {
      const subject = checkedSubject(given);
      const rules = ruleArguments(checkedRules(givenRules));
      return decodeReadings(await connection.run(() => scripts.read(checkKeys(subject), rules)));
    },

    async reset(given) {
      const subject = checkedSubject(given);
      const keys = declineLimitKeys(prefix, subject.tenant, subject.customerId);
      const method = subject.paymentMethodId === '' ? undefined : keys.method(subject.paymentMethodId);
      // One slot (one hash tag), so one multi-key DEL is valid on a cluster too.
      const doomed = [keys.customerDeclines, ...(method ? [method.attempts, method.declines, method.blocked] : [])];
      await connection.run((redis) => redis.del(...doomed));
    },

    async defaultMethodHint(tenant, customerId) {
      const subject = checkedSubject({ tenant, customerId, paymentMethodId: '' });
      const keys = declineLimitKeys(prefix, subject.tenant, subject.customerId);
      // Both keys carry the customer's hash tag: one MGET is valid on a cluster too.
      const [remembered, declined] = await connection.run((redis) => redis.mget(keys.lastDefault, keys.methodDeclined));
      return { remembered: remembered ?? '', methodDeclined: declined === '1' };
    },
  };
}

/** The rules in the order the scripts read them (decline-limit-scripts.ts, readings). */
function ruleArguments(rules: DeclineLimitRules): number[] {
  const { customerDeclines, methodAttempts, methodDeclines } = rules;
  return [
    customerDeclines.limit, customerDeclines.windowMs, methodAttempts.limit, methodAttempts.windowMs,
    methodDeclines.limit, methodDeclines.windowMs, rules.hardDeclineBlockMs,
  ];
}

function decodeReadings(reply: unknown): ScopeReading[] {
  if (!Array.isArray(reply)) throw new TenderError('internal', 'store holds malformed decline-limit readings');
  return reply.map((row: unknown) => {
    const [scope, count, inFlight, limit, windowMs, retryAfterMs] = row as [string, ...number[]];
    if (!SCOPE_ORDER.includes(scope as LimitScope)) throw new TenderError('internal', 'store holds malformed decline-limit readings');
    return { scope: scope as LimitScope, count: count!, inFlight: inFlight!, limit: limit!, windowMs: windowMs!, retryAfterMs: retryAfterMs! };
  });
}
