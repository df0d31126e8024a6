import type { RedisClient } from './redis-connection.js';

export type ScriptArgument = string | number;

/** A registered script: its keys first (as many as declared), then its arguments. */
export type ScriptCall = (...args: ScriptArgument[]) => Promise<unknown>;

export interface ScriptSpec {
  /** The command name ioredis registers the script under; one per script. */
  command: string;
  lua: string;
  /**
   * How many keys every call passes first. Absent for scripts whose key count varies:
   * each call then passes the count itself, before the keys.
   */
  numberOfKeys?: number;
}

/**
 * Registers the store's Lua scripts with ioredis's defineCommand and returns one call
 * per script. defineCommand sends EVALSHA and falls back to EVAL on NOSCRIPT, which is
 * what a restarted or failed-over Redis answers (payments-domain.md, "Redis"), so a
 * script is never lost for good. Every script file of the store registers through here.
 */
export function defineScripts<Name extends string>(redis: RedisClient, specs: Record<Name, ScriptSpec>): Record<Name, ScriptCall> {
  const commands = redis as unknown as Record<string, ScriptCall>;
  const calls = {} as Record<Name, ScriptCall>;
  for (const name of Object.keys(specs) as Name[]) {
    const { command, lua, numberOfKeys } = specs[name];
    redis.defineCommand(command, numberOfKeys === undefined ? { lua } : { numberOfKeys, lua });
    calls[name] = (...args) => commands[command]!(...args);
  }
  return calls;
}
