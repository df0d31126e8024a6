import { invalidRequest } from '../errors.js';

/**
 * Stripe's search query language (docs.stripe.com/search#search-query-language):
 * clauses `field:value`, `field~substring`, numeric `> < >= <=`, `metadata['key']:value`,
 * a leading `-` to negate, joined by AND or OR (never both), at most 10 clauses.
 * String values are quoted with double or single quotes.
 */
export type SearchOperator = ':' | '~' | '>' | '<' | '>=' | '<=';

export interface SearchClause {
  field: string;
  metadataKey?: string;
  operator: SearchOperator;
  /** null for the bare `null` token, which matches an unset field. */
  value: string | null;
  negated: boolean;
}

export interface SearchQuery {
  join: 'AND' | 'OR';
  clauses: SearchClause[];
}

export type FieldValue = string | number | null | undefined;

const MAX_CLAUSES = 10;

export function parseSearchQuery(text: string, fields: readonly string[], resource: string): SearchQuery {
  const scanner = new Scanner(text);
  const clauses: SearchClause[] = [];
  let join: SearchQuery['join'] | undefined;
  for (;;) {
    clauses.push(readClause(scanner, fields, resource));
    scanner.skipSpace();
    if (scanner.done()) break;
    const keyword = scanner.take(/^(AND|OR)\s/i)?.trim().toUpperCase() as SearchQuery['join'] | undefined;
    if (!keyword) throw queryError(`unexpected text at position ${scanner.position}`);
    if (join && join !== keyword) throw queryError('AND and OR cannot be combined in one query');
    join = keyword;
  }
  if (clauses.length > MAX_CLAUSES) throw queryError(`at most ${MAX_CLAUSES} clauses are allowed`);
  return { join: join ?? 'AND', clauses };
}

export function matchesQuery(query: SearchQuery, valueOf: (clause: SearchClause) => FieldValue): boolean {
  const results = query.clauses.map((clause) => clause.negated !== matchesClause(clause, valueOf(clause)));
  return query.join === 'AND' ? results.every(Boolean) : results.some(Boolean);
}

function matchesClause(clause: SearchClause, actual: FieldValue): boolean {
  if (clause.value === null) return actual === null || actual === undefined || actual === '';
  if (actual === null || actual === undefined) return false;
  const expected = clause.value;
  switch (clause.operator) {
    case ':':
      return String(actual).toLowerCase() === expected.toLowerCase();
    case '~':
      return String(actual).toLowerCase().includes(expected.toLowerCase());
    default:
      return compareNumbers(clause.operator, Number(actual), Number(expected));
  }
}

function compareNumbers(operator: SearchOperator, actual: number, expected: number): boolean {
  if (operator === '>') return actual > expected;
  if (operator === '<') return actual < expected;
  if (operator === '>=') return actual >= expected;
  return actual <= expected;
}

function readClause(scanner: Scanner, fields: readonly string[], resource: string): SearchClause {
  scanner.skipSpace();
  const negated = scanner.take(/^-/) !== undefined;
  const field = scanner.take(/^[a-z_.]+/);
  if (!field) throw queryError(`expected a field name at position ${scanner.position}`);
  if (!fields.includes(field)) {
    throw invalidRequest(
      `Field \`${field}\` is an unsupported search field for resource \`${resource}\`. See ` +
        `https://stripe.com/docs/search#query-fields-for-${resource.replace(/_/g, '-')} for a list of supported fields.`,
      { param: 'query' },
    );
  }
  let metadataKey: string | undefined;
  if (field === 'metadata') {
    if (scanner.take(/^\[/) === undefined) throw queryError("metadata needs a key, as in metadata['key']");
    metadataKey = scanner.quoted();
    if (metadataKey === undefined || scanner.take(/^\]/) === undefined) throw queryError('metadata key must be quoted');
  }
  const operator = scanner.take(/^(>=|<=|:|~|>|<)/) as SearchOperator | undefined;
  if (!operator) throw queryError(`expected an operator after ${field}`);
  const value = readValue(scanner, operator);
  return { field, ...(metadataKey === undefined ? {} : { metadataKey }), operator, value, negated };
}

function readValue(scanner: Scanner, operator: SearchOperator): string | null {
  const quoted = scanner.quoted();
  if (quoted !== undefined) {
    if (operator === '~' && quoted.length < 3) throw queryError('substring search needs at least 3 characters');
    return quoted;
  }
  const bare = scanner.take(/^[^\s)]+/);
  if (bare === 'null' && operator === ':') return null;
  if (bare !== undefined && /^-?\d+(\.\d+)?$/.test(bare)) return bare;
  throw queryError('string values must be quoted');
}

function queryError(reason: string): Error {
  return invalidRequest(`Invalid search query: ${reason}.`, { param: 'query' });
}

class Scanner {
  position = 0;
  constructor(private readonly text: string) {}

  done(): boolean {
    return this.position >= this.text.length;
  }

  skipSpace(): void {
    while (!this.done() && /\s/.test(this.text[this.position] ?? '')) this.position++;
  }

  take(pattern: RegExp): string | undefined {
    const match = pattern.exec(this.text.slice(this.position));
    if (!match) return undefined;
    this.position += match[0].length;
    return match[0];
  }

  /** A '...' or "..." string with backslash escapes, or undefined when none starts here. */
  quoted(): string | undefined {
    const quote = this.text[this.position];
    if (quote !== '"' && quote !== "'") return undefined;
    let value = '';
    for (let index = this.position + 1; index < this.text.length; index++) {
      const char = this.text[index];
      if (char === '\\') {
        value += this.text[++index] ?? '';
      } else if (char === quote) {
        this.position = index + 1;
        return value;
      } else {
        value += char;
      }
    }
    throw queryError('unterminated quoted value');
  }
}
