import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStripeAdapter } from './adapter.js';
import { MAX_SEARCH_CLAUSES, phoneRenderings, phoneSearchQuery } from './phone-search.js';
import { startStripeTestBed, type StripeTestBed } from './testing/test-bed.js';

describe('phoneRenderings', () => {
  it('renders a number of the adapter region in its E.164, international and national forms', () => {
    expect(phoneRenderings('+14155550111', 'US')).toEqual([
      '+14155550111',
      '+1 415 555 0111',
      '+1 415-555-0111',
      '(415) 555-0111',
      '415-555-0111',
      '4155550111',
      '415.555.0111',
      '415 555 0111',
    ]);
  });

  it('renders the national forms of a region with a trunk prefix as its people write them', () => {
    expect(phoneRenderings('+442079460958', 'GB')).toEqual(
      expect.arrayContaining(['+442079460958', '+44 20 7946 0958', '020 7946 0958', '02079460958', '020-7946-0958']),
    );
  });

  it('leaves out national forms of a number from another region, which would read as another number', () => {
    expect(phoneRenderings('+442079460958', 'US')).toEqual(['+442079460958', '+44 20 7946 0958', '+44 20-7946-0958']);
    // Canada shares +1 with the US: its national forms read back the same in the US region.
    expect(phoneRenderings('+16045550123', 'US')).toContain('(604) 555-0123');
  });

  it('keeps one query within Stripe’s clause limit, joined with OR', () => {
    const query = phoneSearchQuery('+14155550111', 'US');
    const clauses = query.split(' OR ');
    expect(clauses.length).toBeLessThanOrEqual(MAX_SEARCH_CLAUSES);
    expect(clauses[0]).toBe('phone:"+14155550111"');
    expect(clauses).toContain('phone:"(415) 555-0111"');
  });
});

describe('findCustomers by phone', () => {
  let bed: StripeTestBed;
  beforeAll(async () => {
    bed = await startStripeTestBed();
  });
  afterAll(async () => {
    await bed?.close();
  });

  it('finds a customer whichever common rendering Stripe holds, and only that number', async () => {
    const stored = ['(415) 555-0181', '415-555-0182', '4155550183', '415.555.0183', '+1 415-555-0184', '+1 415 555 0185', '+14155550186'];
    const ids = new Map<string, string>();
    for (const phone of stored) ids.set(phone, (await bed.admin.api.customers.create({ name: `Holds ${phone}`, phone })).id);
    for (const [e164, expected] of [
      ['+14155550181', ['(415) 555-0181']],
      ['+14155550182', ['415-555-0182']],
      ['+14155550183', ['4155550183', '415.555.0183']],
      ['+14155550184', ['+1 415-555-0184']],
      ['+14155550185', ['+1 415 555 0185']],
      ['+14155550186', ['+14155550186']],
    ] as const) {
      const found = await bed.adapter.findCustomers({ phone: e164 });
      expect(found.map((customer) => customer.id).sort()).toEqual(expected.map((phone) => ids.get(phone)).sort());
      expect(found.every((customer) => customer.phone === e164)).toBe(true);
    }
  });

  it('reads a national form in the adapter region only', async () => {
    const created = await bed.admin.api.customers.create({ name: 'Dana Local', phone: '(415) 555-0191' });
    expect((await bed.adapter.findCustomers({ phone: '+14155550191' })).map((customer) => customer.id)).toEqual([created.id]);
    const british = createStripeAdapter({
      secretKey: bed.sandbox.secretKey, host: bed.sandbox.host, port: bed.sandbox.port, protocol: 'http', phoneRegion: 'GB',
    });
    try {
      expect(await british.findCustomers({ phone: '+14155550191' })).toEqual([]);
    } finally {
      await british.close?.();
    }
  });
});
