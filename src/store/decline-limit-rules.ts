import { TenderError } from '../core/errors.js';
import type { DeclineLimitRules, LimitScope, LimitSubject, ScopeReading, WindowRule } from './decline-limits.js';

/**
 * What both DeclineLimitStore implementations check and compute the same way, so that
 * memory and Redis answer alike (the shared contract, store-contract-decline-limits.ts,
 * holds both to it). The Redis scripts (decline-limit-scripts.ts) compute readings with
 * the same arithmetic as windowReading below.
 */

const MAX_ID_LENGTH = 255;

function checkId(field: string, value: string, allowEmpty = false): string {
  if ((value === '' && !allowEmpty) || value.length > MAX_ID_LENGTH) {
    throw new TenderError('invalid_argument', `${field}: must be 1-${MAX_ID_LENGTH} characters`, { field });
  }
  return value;
}

export function checkedSubject(subject: LimitSubject): LimitSubject {
  return {
    tenant: checkId('tenant', subject.tenant),
    customerId: checkId('customerId', subject.customerId),
    paymentMethodId: checkId('paymentMethodId', subject.paymentMethodId, true),
  };
}

function positiveWhole(field: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TenderError('invalid_argument', `${field}: must be a positive whole number`, { field });
  }
  return value;
}

function checkedWindow(field: string, rule: WindowRule): WindowRule {
  return { limit: positiveWhole(`${field}.limit`, rule.limit), windowMs: positiveWhole(`${field}.windowMs`, rule.windowMs) };
}

export function checkedRules(rules: DeclineLimitRules): DeclineLimitRules {
  return {
    customerDeclines: checkedWindow('customerDeclines', rules.customerDeclines),
    methodAttempts: checkedWindow('methodAttempts', rules.methodAttempts),
    methodDeclines: checkedWindow('methodDeclines', rules.methodDeclines),
    hardDeclineBlockMs: positiveWhole('hardDeclineBlockMs', rules.hardDeclineBlockMs),
  };
}

export function checkedLease(leaseMs: number): number {
  return positiveWhole('leaseMs', Math.ceil(leaseMs));
}

/** How long a remembered default method is kept: as long as the longest method window. */
export function defaultMethodRetentionMs(rules: DeclineLimitRules): number {
  return Math.max(rules.methodAttempts.windowMs, rules.methodDeclines.windowMs, rules.hardDeclineBlockMs);
}

/**
 * One window limit now. A finished event at `at` counts while now < at + window; a
 * reservation counts until its lease ends. When the limit is reached, the wait is until
 * enough of them stop counting for one more charge to fit: the k-th earliest end, k being
 * how far over the limit one more charge would go.
 */
export function windowReading(
  scope: LimitScope,
  finishedAt: readonly number[],
  leaseEnds: readonly number[],
  rule: WindowRule,
  now: number,
): ScopeReading {
  const finishedEnds = finishedAt.filter((at) => at > now - rule.windowMs).map((at) => at + rule.windowMs);
  const heldEnds = leaseEnds.filter((end) => end > now);
  const over = finishedEnds.length + heldEnds.length - rule.limit + 1;
  const ends = [...finishedEnds, ...heldEnds].sort((a, b) => a - b);
  return {
    scope,
    count: finishedEnds.length,
    inFlight: heldEnds.length,
    limit: rule.limit,
    windowMs: rule.windowMs,
    retryAfterMs: over > 0 ? ends[over - 1]! - now : 0,
  };
}

/** A hard-decline block now: blocked while now < blockedUntil. */
export function blockReading(blockedUntil: number, blockMs: number, now: number): ScopeReading {
  const blocked = blockedUntil > now;
  return {
    scope: 'method_blocked', count: blocked ? 1 : 0, inFlight: 0, limit: 1, windowMs: blockMs,
    retryAfterMs: blocked ? blockedUntil - now : 0,
  };
}

/** The order readings are reported in, by both implementations. */
export const SCOPE_ORDER: readonly LimitScope[] = ['customer_declines', 'method_attempts', 'method_declines', 'method_blocked'];

/**
 * The method a settled charge counts against: the one the processor reports, else the
 * one reserved. They differ only when the reservation presumed the customer's default
 * and the default has changed since.
 */
export function chargedMethod(reservedMethod: string, reportedMethod: string): string {
  return checkId('paymentMethodId', reportedMethod, true) || reservedMethod;
}
