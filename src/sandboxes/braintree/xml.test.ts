import { describe, expect, it } from 'vitest';
import { XmlArray, XmlCollection, XmlTyped, element, renderXml } from './xml.js';

describe('Braintree XML', () => {
  it('types what the SDK converts: arrays, integers, booleans, nil, datetimes', () => {
    const xml = element('transaction', {
      id: 'abc',
      'refund-ids': new XmlArray('item', ['r1', 'r2']),
      disputes: new XmlArray('dispute', []),
      'failure-count': 2,
      recurring: false,
      'order-id': null,
      'created-at': new Date('2026-11-26T10:00:00.123Z'),
      'next-billing-date': new XmlTyped('date', '2026-12-01'),
      skipped: undefined,
    });
    expect(xml).toBe(
      '<transaction><id>abc</id><refund-ids type="array"><item>r1</item><item>r2</item></refund-ids>' +
        '<disputes type="array"></disputes><failure-count type="integer">2</failure-count>' +
        '<recurring type="boolean">false</recurring><order-id nil="true"/>' +
        '<created-at type="datetime">2026-11-26T10:00:00Z</created-at>' +
        '<next-billing-date type="date">2026-12-01</next-billing-date></transaction>',
    );
  });

  it('renders a search page as a collection, and escapes text', () => {
    const xml = element('customers', new XmlCollection('customer', [{ company: 'A & B <c>' }], { 'page-size': 50 }));
    expect(xml).toBe(
      '<customers type="collection"><page-size type="integer">50</page-size>' +
        '<customer><company>A &#38; B &#60;c&#62;</company></customer></customers>',
    );
  });

  it('refuses a decimal number: amounts travel as strings', () => {
    expect(() => element('amount', 10.5)).toThrow(/strings/);
    expect(renderXml('amount', '10.50')).toContain('<amount>10.50</amount>');
  });
});
