import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { hashApiKey, matchApiKey, presentedApiKey } from './api-key.js';

function metadata(entries: Record<string, string>): grpc.Metadata {
  const result = new grpc.Metadata();
  for (const [key, value] of Object.entries(entries)) result.set(key, value);
  return result;
}

describe('presentedApiKey', () => {
  it('reads a bearer token or x-api-key, preferring authorization', () => {
    expect(presentedApiKey(metadata({ authorization: 'Bearer abc' }))).toBe('abc');
    expect(presentedApiKey(metadata({ authorization: 'bearer  abc ' }))).toBe('abc');
    expect(presentedApiKey(metadata({ 'x-api-key': 'xyz' }))).toBe('xyz');
    expect(presentedApiKey(metadata({ authorization: 'Bearer abc', 'x-api-key': 'xyz' }))).toBe('abc');
  });

  it('ignores other authorization schemes and empty values', () => {
    expect(presentedApiKey(metadata({ authorization: 'Basic dXNlcjpwYXNz' }))).toBeUndefined();
    expect(presentedApiKey(metadata({ 'x-api-key': ' ' }))).toBeUndefined();
    expect(presentedApiKey(new grpc.Metadata())).toBeUndefined();
  });
});

describe('matchApiKey', () => {
  it('matches by SHA-256 digest', () => {
    const entries = [{ id: 'a', sha256: hashApiKey('key-a') }, { id: 'b', sha256: hashApiKey('key-b') }];
    expect(hashApiKey('tender-demo-key')).toMatch(/^[0-9a-f]{64}$/);
    expect(matchApiKey(entries, 'key-b')?.id).toBe('b');
    expect(matchApiKey(entries, 'key-c')).toBeUndefined();
  });
});
