/**
 * Read access to a request body as the Braintree SDK sends it: JSON with snake_case keys
 * (processor-wire.md, "Surprises first" 1). Values arrive as strings, booleans, numbers,
 * arrays (search `in`) or nested objects; a missing key reads as undefined.
 */
export class Params {
  private constructor(private readonly fields: Readonly<Record<string, unknown>>) {}

  static of(value: unknown): Params {
    return new Params(isRecord(value) ? value : {});
  }

  /** Parses a request body; an empty body is an empty object. */
  static parse(body: string): Params {
    if (body.trim() === '') return Params.of({});
    return Params.of(JSON.parse(body) as unknown);
  }

  has(key: string): boolean {
    return this.fields[key] !== undefined && this.fields[key] !== null;
  }

  /** Numbers read as their decimal text, as Braintree accepts amounts either way. */
  string(key: string): string | undefined {
    const value = this.fields[key];
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    return undefined;
  }

  boolean(key: string): boolean | undefined {
    const value = this.fields[key];
    if (typeof value === 'boolean') return value;
    if (value === 'true') return true;
    if (value === 'false') return false;
    return undefined;
  }

  strings(key: string): string[] | undefined {
    const value = this.fields[key];
    if (Array.isArray(value)) return value.map(String);
    if (typeof value === 'string') return [value];
    return undefined;
  }

  child(key: string): Params {
    return Params.of(this.fields[key]);
  }

  keys(): string[] {
    return Object.keys(this.fields).filter((key) => this.has(key));
  }

  raw(): Readonly<Record<string, unknown>> {
    return this.fields;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Canonical JSON (keys sorted at every level): the fingerprint of a request body. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isRecord(value)) {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => value[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
