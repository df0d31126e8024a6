import { describe, expect, it } from 'vitest';
import { StripeFailure } from '../errors.js';
import { matchesQuery, parseSearchQuery, type SearchClause } from './search-query.js';

const FIELDS = ['email', 'phone', 'name', 'metadata', 'amount'];
const record: Record<string, string | number> = { email: 'Alex@Example.com', phone: '+14155550142', name: 'Alex Kim', amount: 1200 };
const metadata: Record<string, string> = { tender_key: 'key-1' };
const valueOf = (clause: SearchClause) => (clause.metadataKey ? metadata[clause.metadataKey] : record[clause.field]);
const matches = (query: string) => matchesQuery(parseSearchQuery(query, FIELDS, 'customers'), valueOf);

describe('search query language', () => {
  it('matches exact values case-insensitively, substrings, numbers and metadata', () => {
    expect(matches('phone:"+14155550142"')).toBe(true);
    expect(matches('email:"alex@example.com"')).toBe(true);
    expect(matches("name~'kim'")).toBe(true);
    expect(matches('amount>1000 AND amount<=1200')).toBe(true);
    expect(matches("metadata['tender_key']:'key-1'")).toBe(true);
    expect(matches("metadata['tender_key']:'key-2'")).toBe(false);
  });

  it('joins with OR, negates with a leading minus, and matches unset fields with null', () => {
    expect(matches('email:"nobody@example.com" OR phone:"+14155550142"')).toBe(true);
    expect(matches('-phone:"+14155550142"')).toBe(false);
    expect(matches("metadata['missing']:null")).toBe(true);
  });

  it('accepts up to 10 OR clauses of phone renderings, parentheses and dots inside quotes, and refuses 11', () => {
    const stored = { phone: '(415) 555-0142' };
    const renderings = ['+14155550142', '+1 415 555 0142', '+1 415-555-0142', '(415) 555-0142', '415-555-0142', '4155550142', '415.555.0142'];
    const query = renderings.map((phone) => `phone:"${phone}"`).join(' OR ');
    const parsed = parseSearchQuery(query, FIELDS, 'customers');
    expect(parsed.clauses.map((clause) => clause.value)).toEqual(renderings);
    expect(matchesQuery(parsed, (clause) => stored[clause.field as 'phone'])).toBe(true);
    const ten = Array.from({ length: 10 }, (_, index) => `phone:"+1415555010${index}"`);
    expect(parseSearchQuery(ten.join(' OR '), FIELDS, 'customers').clauses).toHaveLength(10);
    expect(() => parseSearchQuery([...ten, 'phone:"+14155550142"'].join(' OR '), FIELDS, 'customers')).toThrow('at most 10 clauses');
  });

  it.each([
    ['phone:+14155550142', 'quoted'],
    ['email:"a" AND phone:"b" OR name:"c"', 'AND and OR'],
    ['name~"ab"', 'at least 3'],
    ['email:"unterminated', 'unterminated'],
    ['address:"x"', 'unsupported search field'],
  ])('refuses %s with a 400 on param query', (query, reason) => {
    let failure: unknown;
    try {
      parseSearchQuery(query, FIELDS, 'customers');
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(StripeFailure);
    expect((failure as StripeFailure).status).toBe(400);
    expect((failure as StripeFailure).body).toMatchObject({ type: 'invalid_request_error', param: 'query' });
    expect((failure as StripeFailure).message).toContain(reason);
  });
});
