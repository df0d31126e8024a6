import { ConfigError } from './checks.js';
import type { TenderConfig } from './types.js';

/** Each account's credentials by name, read from the environment. Never log this. */
export type AccountSecrets = ReadonlyMap<string, Readonly<Record<string, string>>>;

/**
 * Reads every credential's environment variable. Fails listing each missing or empty
 * variable by account and variable name; no value ever goes into a message.
 */
export function resolveSecrets(config: TenderConfig, env: Readonly<Record<string, string | undefined>>): AccountSecrets {
  const missing: string[] = [];
  const secrets = new Map<string, Record<string, string>>();
  for (const account of config.accounts) {
    const values: Record<string, string> = {};
    for (const [name, { env: variable }] of Object.entries(account.credentials)) {
      const value = env[variable];
      if (value === undefined || value === '') {
        missing.push(
          `config: account "${account.id}": credential ${name} needs environment variable ${variable}, which is not set`,
        );
      } else {
        values[name] = value;
      }
    }
    secrets.set(account.id, values);
  }
  if (missing.length > 0) throw new ConfigError(missing);
  return secrets;
}
