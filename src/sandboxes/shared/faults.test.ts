import { describe, expect, it } from 'vitest';
import { FaultRegistry, faultStatus } from './faults.js';

const registry = () => new FaultRegistry({ modes: ['delay', 'error503'], pathExample: '/v9/things' });

describe('FaultRegistry', () => {
  it('takes only the modes its sandbox accepts, naming its own path in the error', () => {
    expect(() => registry().validate({ path: '/v9/things', mode: 'error500' })).toThrow('fault.mode must be one of delay, error503');
    expect(() => registry().validate({ path: 'things', mode: 'delay', ms: 1 })).toThrow('fault.path must be a path such as "/v9/things"');
    expect(() => registry().validate({ path: '/v9/things', mode: 'delay' })).toThrow('fault.ms must be a number of milliseconds');
  });

  it('fires a prefix fault for one method, `times` times, then disarms it', () => {
    const faults = registry();
    faults.add({ path: '/v9/*', method: 'post', mode: 'error503', times: 2 });
    expect(faults.take('GET', '/v9/things')).toBeUndefined();
    expect(faults.take('POST', '/v9/things')?.mode).toBe('error503');
    expect(faults.list()).toEqual([{ path: '/v9/*', method: 'post', mode: 'error503', times: 1 }]);
    faults.take('POST', '/v9/other');
    expect(faults.list()).toEqual([]);
  });

  it('gives the status of the error modes only', () => {
    expect([faultStatus('error500'), faultStatus('error503'), faultStatus('error504')]).toEqual([500, 503, 504]);
    expect(faultStatus('delay')).toBeUndefined();
    expect(faultStatus('drop_after_commit')).toBeUndefined();
  });
});
