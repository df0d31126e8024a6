import { pino, type DestinationStream, type Logger } from 'pino';
import { needsScrubbing, scrubJson, scrubText } from './scrub.js';

/**
 * The one way Tender makes a logger. Two layers keep card data and secrets out of the
 * output (PCI DSS 3.3/3.4; DESIGN.md "no card data or secrets in logs"):
 * 1. `redact` censors fields by name wherever we know a secret may sit;
 * 2. `hooks.streamWrite` scrubs the finished line: any card-number-like digit run and
 *    any recognisable processor key is masked, whatever field, message, binding or
 *    serialized error it came in. It runs after serializers, so error messages and
 *    stacks are covered too.
 */

/** Field names whose values are never logged. */
const SECRET_FIELDS = [
  'authorization',
  'x-api-key',
  'apiKey',
  'api_key',
  'secret',
  'secretKey',
  'privateKey',
  'webhookSecret',
  'hmacKey',
  'password',
  'token',
  'card',
  'cardNumber',
  'number',
  'pan',
  'cvc',
  'cvv',
  'credentials',
] as const;

/** fast-redact wildcards match one level each: cover the field at depth 0 to 3. */
function redactPaths(): string[] {
  const prefixes = ['', '*.', '*.*.', '*.*.*.'];
  return prefixes.flatMap((prefix) =>
    SECRET_FIELDS.map((field) => (/^[A-Za-z_$][\w$]*$/.test(field) ? `${prefix}${field}` : `${prefix}["${field}"]`)),
  );
}

/** pino's own timestamp is a 13-digit number that must survive the card scrubber. */
const KEEP_NUMBERS = new Set(['time']);

/** Masks card numbers and keys in one serialized log line (NDJSON). */
export function scrubLogLine(line: string): string {
  if (!needsScrubbing(line)) return line;
  try {
    return `${JSON.stringify(scrubJson(JSON.parse(line), KEEP_NUMBERS))}\n`;
  } catch {
    return scrubText(line);
  }
}

export interface LoggerOptions {
  /** pino level; default "info" (or LOG_LEVEL where the caller passes it). */
  level?: string;
  /** Where lines go; default stdout. Tests pass a capturing stream. */
  destination?: DestinationStream;
  /** Static fields on every line, e.g. { service: "tender" }. */
  base?: Record<string, unknown>;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const settings = {
    level: options.level ?? 'info',
    base: options.base ?? { service: 'tender' },
    redact: { paths: redactPaths(), censor: '[REDACTED]' },
    hooks: { streamWrite: scrubLogLine },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

/** A logger that writes nothing, for tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
