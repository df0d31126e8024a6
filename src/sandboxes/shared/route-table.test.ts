import { describe, expect, it } from 'vitest';
import { routeMatcher } from './route-table.js';

describe('routeMatcher', () => {
  const routes = [
    { method: 'GET', pattern: '/things/search', name: 'search' },
    { method: 'GET', pattern: '/things/{id}', name: 'one' },
  ];

  it('takes the first route that matches, with its path parameters decoded', () => {
    const find = routeMatcher(routes, { prefix: '/v9' });
    expect(find('GET', '/v9/things/search')?.route.name).toBe('search');
    expect(find('GET', '/v9/things/a%20b')).toEqual({ route: routes[1], pathParams: { id: 'a b' } });
    expect(find('GET', '/v9/things/%E0')?.pathParams).toEqual({ id: '%E0' });
    expect(find('POST', '/v9/things/x')).toBeUndefined();
    expect(find('GET', '/things/x')).toBeUndefined();
  });

  it('limits a segment to the characters the sandbox allows', () => {
    const find = routeMatcher(routes, { segment: '[a-z]+' });
    expect(find('GET', '/things/abc')?.pathParams).toEqual({ id: 'abc' });
    expect(find('GET', '/things/ab.c')).toBeUndefined();
  });
});
