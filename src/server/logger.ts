import { pino, type DestinationStream, type Logger } from 'pino';
import { needsScrubbing, scrubJson, scrubText } from './scrub.js';

/**
 * The one way Tender makes a logger. Two layers keep card data and secrets out of the
 * output (PCI DSS 3.3/3.4; DESIGN.md "no card data or secrets in logs"), both applied
 * to the finished line in `hooks.streamWrite`, so that they see every field, message,
 * binding and serialized error (serializers have run by then):
 * 1. fields known to hold secrets are censored by name, at any depth;
 * 2. any card-number-like digit run and any recognisable processor key is masked,
 *    whatever field it came in.
 * Both first test the line and only parse it when it needs a change. The censor by
 * name is done here rather than with pino's `redact` option: wildcard paths there run
 * every value of every line through the redactor (tens of microseconds a line, the
 * largest cost of a replayed call), where one regular expression per line suffices.
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

export const CENSOR = '[REDACTED]';
const SECRET_FIELD_SET: ReadonlySet<string> = new Set(SECRET_FIELDS);
/** A secret field as a key in serialized JSON (the names hold no regular-expression syntax). */
const SECRET_KEY_IN_JSON = new RegExp(`"(?:${SECRET_FIELDS.join('|')})":`);

/** pino's own timestamp is a 13-digit number that must survive the card scrubber. */
const KEEP_NUMBERS = new Set(['time']);
/** How pino opens every line, `{"level":30,"time":1700000000000`; the card check skips it. */
const LEVEL_HEAD = '{"level":';
const TIME_FIELD = ',"time":';

/**
 * Where the card check of a line starts: after pino's level and timestamp, if the line
 * opens with them. Found by hand rather than with a regular expression and a copy of
 * the line, since it runs on every line; `line.slice` of the rest shares the line's
 * characters.
 */
function afterLineHead(line: string): number {
  if (!line.startsWith(LEVEL_HEAD)) return 0;
  let i = LEVEL_HEAD.length;
  while (isDigit(line.charCodeAt(i))) i++;
  if (i === LEVEL_HEAD.length || !line.startsWith(TIME_FIELD, i)) return 0;
  const timeStart = (i += TIME_FIELD.length);
  while (isDigit(line.charCodeAt(i))) i++;
  return i === timeStart ? 0 : i;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * Censors secret fields and masks card numbers and keys in one serialized log line
 * (NDJSON). A clean line comes back as is. The leading level and timestamp are left
 * out of the card check: an epoch in milliseconds has 13 digits and passes the Luhn
 * check one time in ten, which would send every tenth line down the slow path for
 * nothing (the slow path keeps the timestamp anyway).
 */
export function scrubLogLine(line: string): string {
  const hasSecretField = SECRET_KEY_IN_JSON.test(line);
  if (!hasSecretField && !needsScrubbing(line.slice(afterLineHead(line)))) return line;
  try {
    const parsed: unknown = JSON.parse(line);
    return `${JSON.stringify(scrubJson(hasSecretField ? censorSecretFields(parsed) : parsed, KEEP_NUMBERS))}\n`;
  } catch {
    return scrubText(line);
  }
}

/** A copy of a parsed JSON value with every secret field's value replaced by CENSOR. */
function censorSecretFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(censorSecretFields);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = SECRET_FIELD_SET.has(key) ? CENSOR : censorSecretFields(item);
  return copy;
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
    hooks: { streamWrite: scrubLogLine },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

/** A logger that writes nothing, for tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
