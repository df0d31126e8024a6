/**
 * Hand-rolled validation (no schema library, by decision) built around one idea: every
 * problem names the path of the offending field, and no problem repeats a value, since
 * a value in the wrong field may be a secret. All problems are collected, so one run
 * reports everything that is wrong with a file.
 */

export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export class Problems {
  private readonly list: string[] = [];

  add(path: string, problem: string): void {
    this.list.push(`config: ${path || '(top level)'}: ${problem}`);
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new ConfigError(this.list);
  }
}

export interface StringRule {
  required?: boolean;
  /** With `hint` describing it in words for the message. */
  pattern?: RegExp;
  hint?: string;
  oneOf?: readonly string[];
}

export interface IntegerRule {
  min: number;
  max: number;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value in the raw configuration, with its path, read by type. */
export class ConfigNode {
  constructor(
    readonly value: unknown,
    readonly path: string,
    readonly problems: Problems,
  ) {}

  get present(): boolean {
    return this.value !== undefined && this.value !== null;
  }

  fail(problem: string): undefined {
    this.problems.add(this.path, problem);
    return undefined;
  }

  field(key: string): ConfigNode {
    const value = isPlainObject(this.value) && Object.hasOwn(this.value, key) ? this.value[key] : undefined;
    return new ConfigNode(value, this.path ? `${this.path}.${key}` : key, this.problems);
  }

  /** The keys of an object node, or [] when it is absent or not an object. */
  keys(): string[] {
    return isPlainObject(this.value) ? Object.keys(this.value) : [];
  }

  /**
   * True when the node is an object. Keys outside `known` are reported (a typo must
   * not silently fall back to a default), with a specific hint where one is given.
   */
  object(known?: readonly string[], hints: Readonly<Record<string, string>> = {}): boolean {
    if (!isPlainObject(this.value)) {
      this.fail('must be an object');
      return false;
    }
    for (const key of Object.keys(this.value)) {
      if (known && !known.includes(key)) {
        this.field(key).fail(hints[key] ?? `unknown field (known: ${known.join(', ')})`);
      }
    }
    return true;
  }

  /** The elements of a list, each with its indexed path. */
  items(options: { nonEmpty?: boolean } = {}): ConfigNode[] {
    if (!Array.isArray(this.value)) {
      this.fail(this.present ? 'must be a list' : 'is required');
      return [];
    }
    if (options.nonEmpty && this.value.length === 0) this.fail('must list at least one entry');
    return this.value.map((item, index) => new ConfigNode(item, `${this.path}[${index}]`, this.problems));
  }

  string(rule: StringRule = {}): string | undefined {
    if (!this.present) return rule.required ? this.fail('is required') : undefined;
    if (typeof this.value !== 'string' || this.value.length === 0) return this.fail('must be a non-empty string');
    if (rule.oneOf && !rule.oneOf.includes(this.value)) return this.fail(`must be one of ${rule.oneOf.join(', ')}`);
    if (rule.pattern && !rule.pattern.test(this.value)) return this.fail(`must be ${rule.hint ?? rule.pattern.source}`);
    return this.value;
  }

  integer(rule: IntegerRule): number | undefined {
    if (!this.present) return undefined;
    const { value } = this;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < rule.min || value > rule.max) {
      return this.fail(`must be an integer from ${rule.min} to ${rule.max}`);
    }
    return value;
  }

  boolean(): boolean | undefined {
    if (!this.present) return undefined;
    return typeof this.value === 'boolean' ? this.value : this.fail('must be true or false');
  }
}

/** Reports the second and later occurrences of a value that must be unique. */
export function reportDuplicates(
  nodes: ReadonlyArray<{ node: ConfigNode; id: string | undefined }>,
  problem: (id: string) => string = (id) => `duplicate id "${id}"`,
): void {
  const seen = new Set<string>();
  for (const { node, id } of nodes) {
    if (!id) continue;
    if (seen.has(id)) node.fail(problem(id));
    seen.add(id);
  }
}
