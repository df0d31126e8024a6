import { describe, expect, it } from 'vitest';
import { CARD_NUMBER_MASK, containsCardNumber, findCardNumbers, maskCardNumbers, passesLuhn } from './card-number.js';

/** Appends the Luhn check digit to `body`. */
function withCheckDigit(body: string): string {
  for (let digit = 0; digit <= 9; digit++) if (passesLuhn(body + digit)) return body + digit;
  throw new Error('unreachable');
}

describe('passesLuhn', () => {
  it('accepts documented test cards and rejects a changed digit', () => {
    for (const pan of ['4242424242424242', '5555555555554444', '378282246310005', '6011111111111117', '4222222222222']) {
      expect(passesLuhn(pan)).toBe(true);
    }
    expect(passesLuhn('4242424242424241')).toBe(false);
  });
});

describe('findCardNumbers', () => {
  it('finds a plain Luhn-valid number with its span', () => {
    const text = 'card 4242424242424242 please';
    expect(findCardNumbers(text)).toEqual([{ start: 5, end: 21 }]);
  });

  it('ignores Luhn-invalid numbers', () => {
    expect(containsCardNumber('card 4242424242424241')).toBe(false);
  });

  it('finds numbers grouped by spaces or dashes', () => {
    expect(maskCardNumbers('4242 4242 4242 4242')).toBe(CARD_NUMBER_MASK);
    expect(maskCardNumbers('use 5555-5555-5555-4444 now')).toBe(`use ${CARD_NUMBER_MASK} now`);
    expect(maskCardNumbers('amex 3782 822463 10005.')).toBe(`amex ${CARD_NUMBER_MASK}.`);
  });

  it('covers 13 to 19 digits and nothing shorter or longer', () => {
    const thirteen = withCheckDigit('422222222222');
    const nineteen = withCheckDigit('622222222222222222');
    expect(thirteen).toHaveLength(13);
    expect(nineteen).toHaveLength(19);
    expect(containsCardNumber(thirteen)).toBe(true);
    expect(containsCardNumber(nineteen)).toBe(true);
    const twelve = withCheckDigit('42222222222');
    const twenty = withCheckDigit('6222222222222222222');
    expect(containsCardNumber(twelve)).toBe(false);
    expect(containsCardNumber(twenty)).toBe(false);
    expect(containsCardNumber(twenty.replace(/(\d{4})(?=\d)/g, '$1 '))).toBe(false);
  });

  it('does not split an unbroken digit run to find a card inside it', () => {
    const embedded = `12${'4242424242424242'}34`;
    expect(embedded).toHaveLength(20);
    expect(containsCardNumber(embedded)).toBe(false);
    expect(containsCardNumber(`order ${'9'.repeat(30)}`)).toBe(false);
  });

  it('finds a grouped card read out next to other numbers', () => {
    const text = 'card 4242 4242 4242 4242 12 29 cvc 123';
    expect(maskCardNumbers(text)).toBe(`card ${CARD_NUMBER_MASK} 12 29 cvc 123`);
    expect(maskCardNumbers('call 555-0100 or 4111-1111-1111-1111')).toBe(`call 555-0100 or ${CARD_NUMBER_MASK}`);
  });

  it('finds every card in a text and leaves other digits alone', () => {
    const text = 'a 4242424242424242 b 5555555555554444 c 2024-10-14 d +1 415 555 0123';
    expect(findCardNumbers(text)).toHaveLength(2);
    expect(maskCardNumbers(text)).toBe(`a ${CARD_NUMBER_MASK} b ${CARD_NUMBER_MASK} c 2024-10-14 d +1 415 555 0123`);
  });

  it('counts digits across spaces and dashes only: other characters end a run', () => {
    expect(containsCardNumber('request 2b7d0c8e-4a3c-4e0e-9b1f-6f0e5a1c9d2e')).toBe(false);
    expect(containsCardNumber('4242 4242 x 4242 4242')).toBe(false);
    expect(containsCardNumber('x-4242-4242-4242-4242-')).toBe(true);
  });

  it('accepts uneven separators but not other punctuation', () => {
    expect(maskCardNumbers('4242  4242 - 4242  4242')).toBe(CARD_NUMBER_MASK);
    expect(containsCardNumber('4242.4242.4242.4242')).toBe(false);
    expect(maskCardNumbers('no card here')).toBe('no card here');
  });
});
