import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashApiKey, matchApiKey } from '../server/api-key.js';
import { ConfigError } from './checks.js';
import { DEMO_API_KEY, defaultConfig } from './demo.js';
import { loadConfig, parseConfig } from './load.js';
import { validateConfig } from './validate.js';

const dir = mkdtempSync(join(tmpdir(), 'tender-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const YAML = `
listen:
  grpc: 0.0.0.0:50051
accounts:
  - id: main-stripe
    processor: stripe
    credentials:
      secretKey: { env: STRIPE_SECRET_KEY }
tenants:
  - id: acme
    accounts: [main-stripe]
apiKeys:
  - id: agent
    tenant: acme
    sha256: ${hashApiKey('agent-key')}
    scopes: ["*"]
`;

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('loadConfig', () => {
  it('reads YAML from a path', () => {
    const { config, path } = loadConfig({ path: write('tender.yaml', YAML), env: {} });
    expect(path).toMatch(/tender\.yaml$/);
    expect(config.listen.grpc).toBe('0.0.0.0:50051');
    expect(config.accounts[0]?.credentials).toEqual({ secretKey: { env: 'STRIPE_SECRET_KEY' } });
  });

  it('reads JSON named by TENDER_CONFIG', () => {
    const json = JSON.stringify({ ...defaultConfig(), listen: { grpc: '127.0.0.1:6000' } });
    const { config } = loadConfig({ env: { TENDER_CONFIG: write('tender.json', json) } });
    expect(config.listen.grpc).toBe('127.0.0.1:6000');
  });

  it('falls back to the demo configuration, and REDIS_URL switches the store to Redis', () => {
    expect(loadConfig({ env: {} })).toEqual({ config: defaultConfig(), path: undefined });
    const { config } = loadConfig({ env: { REDIS_URL: 'redis://127.0.0.1:6390' } });
    expect(config.store).toEqual({ kind: 'redis', url: 'redis://127.0.0.1:6390' });
    const fromFile = loadConfig({ path: write('memory.yaml', `${YAML}\nstore: { kind: memory }\n`), env: { REDIS_URL: 'redis://r:6379' } });
    expect(fromFile.config.store).toEqual({ kind: 'redis', url: 'redis://r:6379' });
    const prefixed = loadConfig({ path: write('prefixed.yaml', `${YAML}\nstore: { kind: redis, keyPrefix: blue }\n`), env: { REDIS_URL: 'redis://r:6379' } });
    expect(prefixed.config.store).toEqual({ kind: 'redis', url: 'redis://r:6379', keyPrefix: 'blue' });
  });

  it('names a missing file and hides unparsable lines', () => {
    expect(() => loadConfig({ path: join(dir, 'nope.yaml'), env: {} })).toThrow('config: cannot read');
    const broken = () => parseConfig('accounts: [\n  secretKey: "sk_live_abcdefghijkl', 'broken.yaml');
    expect(broken).toThrow(ConfigError);
    expect(broken).toThrow(/broken\.yaml is not valid YAML or JSON/);
    expect(broken).not.toThrow(/sk_live/);
  });
});

describe('defaultConfig', () => {
  it('is a valid configuration with a sandbox account per processor and the demo key stored hashed', () => {
    const config = defaultConfig();
    expect(validateConfig(JSON.parse(JSON.stringify(config)))).toEqual(config);
    expect(config.accounts).toEqual([
      expect.objectContaining({ id: 'demo-stripe', processor: 'stripe', sandbox: true }),
      expect.objectContaining({ id: 'demo-braintree', processor: 'braintree', sandbox: true }),
      expect.objectContaining({ id: 'demo-adyen', processor: 'adyen', sandbox: true }),
    ]);
    expect(config.tenants).toEqual([expect.objectContaining({
      id: 'demo', accounts: ['demo-stripe', 'demo-braintree', 'demo-adyen'], defaultAccount: 'demo-stripe',
    })]);
    expect(config.listen.http).toBe('127.0.0.1:8080');
    expect(config.store).toEqual({ kind: 'memory' });
    expect(config.phone.defaultRegion).toBe('US');
    expect(JSON.stringify(config)).not.toContain(DEMO_API_KEY);
    expect(matchApiKey(config.apiKeys, DEMO_API_KEY)).toMatchObject({ id: 'demo', tenant: 'demo', scopes: ['*'] });
  });
});
