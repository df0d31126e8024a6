import { describe, expect, it } from 'vitest';
import { DEFAULT_DECLINE_LIMITS } from '../limits/settings.js';
import { hashApiKey } from '../server/api-key.js';
import { ConfigError } from './checks.js';
import { validateConfig } from './validate.js';

function withLimits(declineLimits: unknown): Record<string, unknown> {
  return {
    accounts: [{ id: 'main-stripe', processor: 'stripe', sandbox: true }],
    tenants: [
      { id: 'acme', accounts: ['main-stripe'], ...(declineLimits === undefined ? {} : { declineLimits }) },
      { id: 'globex', accounts: ['main-stripe'] },
    ],
    apiKeys: [{ id: 'ops', tenant: 'acme', sha256: hashApiKey('ops-key'), scopes: ['operations:read', 'operations:write'] }],
  };
}

function problemsOf(raw: unknown): string[] {
  try {
    validateConfig(raw);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('tenants[].declineLimits', () => {
  it('is absent unless configured, and fills fields left out with the defaults', () => {
    expect(validateConfig(withLimits(undefined)).tenants[0]?.declineLimits).toBeUndefined();
    const config = validateConfig(withLimits({ customerDeclines: 5, hardDeclineBlockDays: 60 }));
    expect(config.tenants[0]?.declineLimits).toEqual({ ...DEFAULT_DECLINE_LIMITS, customerDeclines: 5, hardDeclineBlockDays: 60 });
    expect(config.tenants[1]?.declineLimits).toBeUndefined();
  });

  it.each([
    ['tenants[0].declineLimits.customerDeclines: must be an integer from 1 to 1000', { customerDeclines: 0 }],
    ['tenants[0].declineLimits.customerWindowMinutes: must be an integer from 1 to 10080', { customerWindowMinutes: 1.5 }],
    ['tenants[0].declineLimits.methodAttempts: must be an integer from 1 to 1000', { methodAttempts: '15' }],
    ['tenants[0].declineLimits.methodAttemptWindowDays: must be an integer from 1 to 90', { methodAttemptWindowDays: 365 }],
    ['tenants[0].declineLimits.methodDeclineWindowHours: must be an integer from 1 to 720', { methodDeclineWindowHours: -1 }],
    ['tenants[0].declineLimits.customerDeclinez: unknown field', { customerDeclinez: 3 }],
    ['tenants[0].declineLimits: must be an object', 3],
  ])('reports %s', (problem, declineLimits) => {
    const problems = problemsOf(withLimits(declineLimits));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`config: ${problem}`);
  });
});
