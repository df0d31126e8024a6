import { describe, expect, it } from 'vitest';
import { containsCardNumber } from '../core/card-number.js';
import { scrubLogLine } from './logger.js';
import { capturingLogger } from './testing/test-server.js';

describe('createLogger', () => {
  it('redacts known secret fields by name', () => {
    const { logger, lines } = capturingLogger();
    logger.info({ authorization: 'Bearer abc', request: { card: { cvc: '123' }, apiKey: 'k' }, headers: { 'x-api-key': 'k2' } });
    expect(lines()[0]).toMatchObject({
      authorization: '[REDACTED]',
      request: { card: '[REDACTED]', apiKey: '[REDACTED]' },
      headers: { 'x-api-key': '[REDACTED]' },
    });
  });

  it('redacts secret fields in bindings, at any depth and inside lists', () => {
    const { logger, lines } = capturingLogger();
    logger.child({ token: 't0' }).info({ a: { b: { c: { d: { password: 'p', kept: 'k' } } } }, items: [{ secret: 's' }] }, 'm');
    const [line] = lines();
    expect(line).toMatchObject({ token: '[REDACTED]', a: { b: { c: { d: { password: '[REDACTED]', kept: 'k' } } } }, items: [{ secret: '[REDACTED]' }] });
    expect(JSON.stringify(line)).not.toMatch(/"t0"|"p"|"s"/);
  });

  it('masks card numbers and processor keys in any string, message and binding', () => {
    const { logger, output } = capturingLogger();
    logger.child({ transcript: 'my card is 4242 4242 4242 4242' }).warn('key sk_test_4eC39HqLyjWDarjtT1zdp7dc leaked');
    expect(output()).not.toMatch(/4242|sk_test_4eC39/);
    expect(output()).toContain('[REDACTED:card]');
    expect(output()).toContain('[REDACTED:key]');
  });
});

describe('scrubLogLine', () => {
  it('leaves the timestamp alone but masks a card number logged as a number', () => {
    const line = `{"level":30,"time":4242424242424,"amount":4242424242424242,"count":12}\n`;
    expect(JSON.parse(scrubLogLine(line))).toEqual({ level: 30, time: 4242424242424, amount: '[REDACTED:card]', count: 12 });
  });

  it('returns a line untouched when only its timestamp reads as a card number', () => {
    expect(containsCardNumber('1700000000004')).toBe(true);
    const line = `{"level":30,"time":1700000000004,"pid":7,"msg":"ok"}\n`;
    expect(scrubLogLine(line)).toBe(line);
  });

  it('returns clean lines untouched', () => {
    const line = `{"level":30,"time":1700000000000,"msg":"ok"}\n`;
    expect(scrubLogLine(line)).toBe(line);
  });
});
