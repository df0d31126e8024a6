import { describe, expect, it } from 'vitest';
import { ConfigError } from './checks.js';
import { resolveSecrets } from './secrets.js';
import { validateConfig } from './validate.js';
import { hashApiKey } from '../server/api-key.js';

const config = validateConfig({
  accounts: [
    {
      id: 'main-stripe',
      processor: 'stripe',
      credentials: { secretKey: { env: 'MAIN_STRIPE_KEY' }, webhookSecret: { env: 'MAIN_STRIPE_WHSEC' } },
    },
    { id: 'demo', processor: 'stripe', sandbox: true },
  ],
  tenants: [{ id: 'acme', accounts: ['main-stripe', 'demo'] }],
  apiKeys: [{ id: 'agent', tenant: 'acme', sha256: hashApiKey('k'), scopes: ['*'] }],
});

describe('resolveSecrets', () => {
  it('reads each credential from its environment variable', () => {
    const secrets = resolveSecrets(config, { MAIN_STRIPE_KEY: 'sk_test_abc', MAIN_STRIPE_WHSEC: 'whsec_def' });
    expect(secrets.get('main-stripe')).toEqual({ secretKey: 'sk_test_abc', webhookSecret: 'whsec_def' });
    expect(secrets.get('demo')).toEqual({});
  });

  it('names the account and the variable of every missing or empty one, never a value', () => {
    const attempt = () => resolveSecrets(config, { MAIN_STRIPE_KEY: 'sk_test_abc', MAIN_STRIPE_WHSEC: '' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      'config: account "main-stripe": credential webhookSecret needs environment variable MAIN_STRIPE_WHSEC, which is not set',
    );
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(1);
      expect((error as Error).message).not.toContain('sk_test_abc');
    }
  });
});
