import { describe, expect, it } from 'vitest';
import { hashApiKey } from '../server/api-key.js';
import { ConfigError } from './checks.js';
import { validateConfig } from './validate.js';

const KEY_HASH = hashApiKey('agent-key');

/** A small valid configuration; each test breaks one thing. */
function valid(): Record<string, any> {
  return {
    accounts: [
      { id: 'main-stripe', processor: 'stripe', credentials: { secretKey: { env: 'STRIPE_SECRET_KEY' } } },
      { id: 'eu-adyen', processor: 'adyen', sandbox: true, settings: { merchantAccount: 'AcmeEU', timeoutMs: 8000 } },
    ],
    tenants: [{ id: 'acme', accounts: ['main-stripe', 'eu-adyen'], defaultAccount: 'main-stripe' }],
    apiKeys: [{ id: 'agent', tenant: 'acme', sha256: KEY_HASH.toUpperCase(), scopes: ['payments:write', 'customers:read'] }],
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

describe('validateConfig', () => {
  it('accepts a valid file and fills in defaults', () => {
    const config = validateConfig(valid());
    expect(config.listen).toEqual({ grpc: '127.0.0.1:50051' });
    expect(config.phone).toEqual({ defaultRegion: 'US' });
    expect(config.store).toEqual({ kind: 'memory' });
    expect(config.idempotency).toEqual({ retentionHours: 24, leaseSeconds: 30, reconcileIntervalSeconds: 5, reconcileGiveUpHours: 23 });
    expect(config.accounts[0]).toMatchObject({ sandbox: false, credentials: { secretKey: { env: 'STRIPE_SECRET_KEY' } }, settings: {} });
    expect(config.accounts[1]?.settings).toEqual({ merchantAccount: 'AcmeEU', timeoutMs: 8000 });
    expect(config.apiKeys[0]?.sha256).toBe(KEY_HASH);
  });

  it('reads explicit sections', () => {
    const config = validateConfig({
      ...valid(),
      listen: { grpc: '0.0.0.0:50051', http: '[::1]:8080' },
      phone: { defaultRegion: 'GB' },
      store: { kind: 'redis' },
      idempotency: { retentionHours: 48, leaseSeconds: 60, reconcileIntervalSeconds: 2, reconcileGiveUpHours: 12 },
    });
    expect(config.listen).toEqual({ grpc: '0.0.0.0:50051', http: '[::1]:8080' });
    expect(config.phone.defaultRegion).toBe('GB');
    expect(config.store).toEqual({ kind: 'redis', url: 'redis://127.0.0.1:6379' });
    expect(config.idempotency).toEqual({ retentionHours: 48, leaseSeconds: 60, reconcileIntervalSeconds: 2, reconcileGiveUpHours: 12 });
  });

  it('takes a Redis Cluster as comma-separated seed nodes', () => {
    for (const url of ['redis+cluster://10.0.0.1:7000,10.0.0.2:7000,[::1]:7000', 'rediss+cluster://cache.internal:6379']) {
      expect(validateConfig({ ...valid(), store: { kind: 'redis', url } }).store).toEqual({ kind: 'redis', url });
    }
  });

  it('keeps a public URL without its trailing slash, path prefix included', () => {
    const config = validateConfig({ ...valid(), listen: { http: '0.0.0.0:8080', publicUrl: 'https://pay.example.com/tender/' } });
    expect(config.listen).toEqual({ grpc: '127.0.0.1:50051', http: '0.0.0.0:8080', publicUrl: 'https://pay.example.com/tender' });
  });

  it.each([
    ['accounts[1].processor: must be one of stripe, braintree, adyen', (c: any) => (c.accounts[1].processor = 'paypal')],
    ['accounts[0].id: must be lower-case letters', (c: any) => (c.accounts[0].id = 'Main_Stripe')],
    ['accounts[1].id: duplicate id "main-stripe"', (c: any) => (c.accounts[1].id = 'main-stripe')],
    ['accounts[0].sandbox: must be true or false', (c: any) => (c.accounts[0].sandbox = 'yes')],
    ['accounts[0].settings.timeoutMs: must be an integer from 1 to 600000', (c: any) => (c.accounts[0].settings = { timeoutMs: -1 })],
    ['accounts[0].settings.baseUrl: must be an http:// or https:// URL', (c: any) => (c.accounts[0].settings = { baseUrl: 'ftp://x' })],
    ['accounts[0].credentials.secretKey.env: must be an environment variable name', (c: any) => (c.accounts[0].credentials.secretKey.env = 'lower')],
    ['accounts[0].colour: unknown field', (c: any) => (c.accounts[0].colour = 'blue')],
    ['accounts: must list at least one entry', (c: any) => (c.accounts = [])],
    ['tenants[0].accounts[1]: no account has id "eu-stripe"', (c: any) => (c.tenants[0].accounts[1] = 'eu-stripe')],
    ["tenants[0].defaultAccount: must be one of this tenant's accounts", (c: any) => (c.tenants[0].accounts = ['eu-adyen'])],
    ['tenants[0].refundApprovalThreshold.currency: must be an ISO 4217 code', (c: any) => (c.tenants[0].refundApprovalThreshold = { amount: 5000, currency: 'usd' })],
    ['tenants[0].refundApprovalThreshold.amount: must be an integer', (c: any) => (c.tenants[0].refundApprovalThreshold = { amount: 50.5, currency: 'USD' })],
    ['apiKeys[0].tenant: no tenant has id "globex"', (c: any) => (c.apiKeys[0].tenant = 'globex')],
    ['apiKeys[0].sha256: must be 64 hexadecimal digits', (c: any) => (c.apiKeys[0].sha256 = 'abc')],
    ['apiKeys[0].scopes[1]: must be one of customers:read', (c: any) => (c.apiKeys[0].scopes[1] = 'payments:everything')],
    ['apiKeys[1].sha256: the same key is configured twice', (c: any) => c.apiKeys.push({ ...c.apiKeys[0], id: 'agent-2' })],
    ['apiKeys: is required', (c: any) => delete c.apiKeys],
    ['listen.grpc: must be host:port', (c: any) => (c.listen = { grpc: '50051' })],
    ['listen.http: port must be at most 65535', (c: any) => (c.listen = { http: '127.0.0.1:70000' })],
    ['listen.publicUrl: must be an http:// or https:// URL', (c: any) => (c.listen = { publicUrl: 'ftp://pay.example.com' })],
    ['listen.publicUrl: must not hold credentials', (c: any) => (c.listen = { publicUrl: 'https://u:p@pay.example.com' })],
    ['listen.publicUrl: must have no query or fragment', (c: any) => (c.listen = { publicUrl: 'https://pay.example.com/?x=1' })],
    ['phone.defaultRegion: is not a region libphonenumber-js supports', (c: any) => (c.phone = { defaultRegion: 'XX' })],
    ['phone.defaultRegion: must be an ISO 3166-1 alpha-2 code', (c: any) => (c.phone = { defaultRegion: 'us' })],
    ['store.kind: must be one of memory, redis', (c: any) => (c.store = { kind: 'postgres' })],
    ['store.url: is only allowed with kind: redis', (c: any) => (c.store = { kind: 'memory', url: 'redis://x' })],
    ['store.keyPrefix: is only allowed with kind: redis', (c: any) => (c.store = { kind: 'memory', keyPrefix: 'blue' })],
    ['store.keyPrefix: must be 1-64 of A-Z a-z 0-9 _ . : -', (c: any) => (c.store = { kind: 'redis', keyPrefix: 'blue{1}' })],
    ['store.url: must be a redis:// or rediss:// URL, or redis+cluster://host:port,host:port', (c: any) => (c.store = { kind: 'redis', url: 'memcached://x' })],
    ['store.url: is not a valid URL', (c: any) => (c.store = { kind: 'redis', url: 'redis://[cache' })],
    ['store.url: must list the cluster nodes as host:port, separated by commas', (c: any) => (c.store = { kind: 'redis', url: 'redis+cluster://a:7000;b:7000' })],
    ['store.url: must end after the cluster nodes', (c: any) => (c.store = { kind: 'redis', url: 'redis+cluster://a:7000,b:7000/1' })],
    ['idempotency.leaseSeconds: must be an integer from 5 to 3600', (c: any) => (c.idempotency = { leaseSeconds: 0 })],
    ['idempotency.reconcileGiveUpHours: must be an integer from 1 to 23', (c: any) => (c.idempotency = { reconcileGiveUpHours: 24 })],
    ['logging: unknown field', (c: any) => (c.logging = {})],
  ])('reports "%s"', (expected, breakIt) => {
    const config = valid();
    breakIt(config);
    // The first problem is the one caused; later ones may follow from it (a bad
    // account id also leaves a tenant pointing at no account).
    expect(problemsOf(config)[0]).toContain(`config: ${expected}`);
  });

  it('reports every problem at once', () => {
    const config = valid();
    config.accounts[0].processor = 'paypal';
    config.apiKeys[0].scopes = [];
    expect(problemsOf(config)).toEqual([
      'config: accounts[0].processor: must be one of stripe, braintree, adyen',
      'config: apiKeys[0].scopes: must list at least one entry',
    ]);
  });

  it('refuses a file that is not an object', () => {
    expect(problemsOf(['accounts'])).toEqual(expect.arrayContaining(['config: (top level): must be an object']));
  });
});

describe('secrets in the file', () => {
  const SECRET = 'sk_live_51HxAbCdEfGhIjKlMnOpQrStUv';

  it.each([
    ['a credential given as a literal', 'accounts[0].credentials.secretKey: must be { env: ENV_VAR_NAME }', (c: any) => (c.accounts[0].credentials.secretKey = SECRET)],
    ['a credential with a value field', 'accounts[0].credentials.secretKey.value: unknown field', (c: any) => (c.accounts[0].credentials.secretKey = { value: SECRET })],
    ['a secret-named setting', 'accounts[1].settings.apiKey: looks like a secret', (c: any) => (c.accounts[1].settings.apiKey = 'AQEabc')],
    ['a secret-shaped setting value', 'accounts[1].settings.region: looks like a secret', (c: any) => (c.accounts[1].settings.region = SECRET)],
    ['a plaintext API key', 'apiKeys[0].key: unknown field: configure the SHA-256 of the key', (c: any) => (c.apiKeys[0].key = SECRET)],
    ['a password in the Redis URL', 'store.url: must not hold a password', (c: any) => (c.store = { kind: 'redis', url: `redis://:${SECRET}@cache:6379` })],
    ['a password in a Redis Cluster URL', 'store.url: must not hold a password', (c: any) => (c.store = { kind: 'redis', url: `rediss+cluster://tender:${SECRET}@a:7000,b:7000` })],
  ])('refuses %s without echoing it', (_case, expected, breakIt) => {
    const config = valid();
    breakIt(config);
    const problems = problemsOf(config);
    expect(problems.join('\n')).toContain(`config: ${expected}`);
    expect(problems.join('\n')).not.toContain(SECRET);
    expect(problems.join('\n')).not.toContain('AQEabc');
  });
});
