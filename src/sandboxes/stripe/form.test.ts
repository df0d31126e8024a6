import { describe, expect, it } from 'vitest';
import { parseForm } from './form.js';

describe('parseForm', () => {
  it('nests bracketed keys and turns indexed keys into arrays, as stripe-node writes them', () => {
    const body =
      'mode=payment&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=8900' +
      '&line_items[0][price_data][product_data][name]=Service%20call&line_items[0][quantity]=1' +
      '&line_items[1][quantity]=2&metadata[tender_key]=k-1&expand[0]=payment_intent';
    expect(parseForm(body)).toEqual({
      mode: 'payment',
      line_items: [
        { price_data: { currency: 'usd', unit_amount: '8900', product_data: { name: 'Service call' } }, quantity: '1' },
        { quantity: '2' },
      ],
      metadata: { tender_key: 'k-1' },
      expand: ['payment_intent'],
    });
  });

  it('appends with empty brackets and orders indexes numerically', () => {
    expect(parseForm('expand[]=data.product&expand[]=data.customer')).toEqual({ expand: ['data.product', 'data.customer'] });
    expect(parseForm('items[10][id]=b&items[2][id]=a')).toEqual({ items: [{ id: 'a' }, { id: 'b' }] });
  });

  it('decodes percent escapes, plus signs and encoded brackets', () => {
    expect(parseForm('query=phone%3A%22%2B14155550123%22&name=Jordan+Rivera&metadata%5Bk%5D=v')).toEqual({
      query: 'phone:"+14155550123"',
      name: 'Jordan Rivera',
      metadata: { k: 'v' },
    });
  });

  it('keeps empty values (Stripe reads them as "unset") and ignores empty pairs', () => {
    expect(parseForm('description=&&default_payment_method=')).toEqual({ description: '', default_payment_method: '' });
    expect(parseForm('')).toEqual({});
  });

  it('keeps a key with unbalanced brackets whole and a malformed escape literal', () => {
    expect(parseForm('a[b=1&c=%E0%A4%A')).toEqual({ 'a[b': '1', c: '%E0%A4%A' });
  });

  it('never writes to Object.prototype', () => {
    const parsed = parseForm('__proto__[polluted]=yes&a[constructor][prototype][polluted]=yes&ok=1');
    expect(parsed).toEqual({ ok: '1' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
