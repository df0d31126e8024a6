import { describe, expect, it } from 'vitest';
import { TenderError } from '../../core/errors.js';
import { parseRedisUrl, readRedisUrl, scrubSecrets } from './redis-url.js';

describe('readRedisUrl', () => {
  it('passes a single-node URL through and describes it without credentials', () => {
    expect(readRedisUrl('rediss://tender:p%40ss@cache.internal:6380/2')).toEqual({
      kind: 'node',
      url: 'rediss://tender:p%40ss@cache.internal:6380/2',
      location: 'rediss://cache.internal:6380/2',
      secrets: ['p%40ss', 'p@ss'],
    });
    expect(readRedisUrl('redis://127.0.0.1')).toMatchObject({ location: 'redis://127.0.0.1:6379', secrets: [] });
  });

  it('reads the seed nodes, credentials and TLS of a cluster URL', () => {
    expect(readRedisUrl('rediss+cluster://tender:s3cret%2F1@10.0.0.1:7000,cache-b:7001,[::1]:7002,cache-c/')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: 'cache-b', port: 7001 },
        { host: '::1', port: 7002 },
        { host: 'cache-c', port: 6379 },
      ],
      tls: true,
      username: 'tender',
      password: 's3cret/1',
      location: 'rediss+cluster://10.0.0.1:7000,cache-b:7001,[::1]:7002,cache-c:6379',
      secrets: ['s3cret%2F1', 's3cret/1'],
    });
    expect(readRedisUrl('redis+cluster://:only-pw@127.0.0.1:7000')).toMatchObject({
      tls: false, username: '', password: 'only-pw', location: 'redis+cluster://127.0.0.1:7000',
    });
  });

  it.each([
    ['http://cache:6379', 'must start with redis://, rediss://, redis+cluster:// or rediss+cluster://'],
    ['redis://[nope', 'is not a valid URL'],
    ['redis+cluster://', 'must list the cluster nodes as host:port, separated by commas'],
    ['redis+cluster://a:7000,,b:7001', 'must list the cluster nodes as host:port, separated by commas'],
    ['redis+cluster://a:7000;b:7001', 'must list the cluster nodes as host:port, separated by commas'],
    ['redis+cluster://a:70000', 'has a port outside 1-65535'],
    ['redis+cluster://a:7000,b:7001/1', 'must end after the cluster nodes: a cluster has no database, path or query'],
    ['redis+cluster://a:7000?tls=true', 'must end after the cluster nodes: a cluster has no database, path or query'],
    ['redis+cluster://u:%E0%A4%A@a:7000', 'holds a user name or password that is not valid percent-encoding'],
  ])('refuses %s without quoting it', (url, problem) => {
    expect(readRedisUrl(url)).toEqual({ kind: 'invalid', problem });
  });

  it('throws invalid_argument naming the field, never the URL, when opening a store', () => {
    const error = (() => {
      try {
        parseRedisUrl('redis+cluster://u:hunter2@a:7000/9');
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(TenderError);
    expect(error).toMatchObject({ code: 'invalid_argument', message: expect.stringMatching(/^redis url: must end/) });
    expect((error as Error).message).not.toContain('hunter2');
  });
});

describe('scrubSecrets', () => {
  it('masks every form of the password', () => {
    expect(scrubSecrets('AUTH p@ss failed; raw p%40ss', ['p%40ss', 'p@ss'])).toBe('AUTH *** failed; raw ***');
  });
});
