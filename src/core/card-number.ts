/**
 * Detects primary account numbers (card numbers) in free text, so that none reaches a
 * log line, an error message, the store or a processor field that is not meant for it.
 * The log scrubber and the API layer's request guard share this one detector.
 *
 * What counts as a card number (PCI DSS treats any such run as a PAN until proven
 * otherwise): 13 to 19 digits, optionally grouped by spaces or dashes
 * ("4242 4242 4242 4242", "4242-4242-4242-4242", "4242 - 4242 ..."; a transcript's
 * spacing is not to be trusted), passing the Luhn check (ISO/IEC
 * 7812-1). A digit group is never split: digits that are part of a longer unbroken
 * run (an order number, a 20-digit reference) are not a card number. When grouped
 * digits run on past 19 digits (a card read out followed by an expiry or a phone
 * number), every span of whole groups is tried, so the card inside is still found.
 */

export interface TextSpan {
  /** Index of the first character (inclusive). */
  start: number;
  /** Index after the last character (exclusive). */
  end: number;
}

const MIN_DIGITS = 13;
const MAX_DIGITS = 19;
/** Digit groups joined by spaces or dashes, maximal on both ends. */
const GROUPED_DIGITS = /\d+(?:[ -]+\d+)*/g;
const DIGIT_GROUP = /\d+/g;

/** Every card-number-like span in `text`, in order, never overlapping. */
export function findCardNumbers(text: string): TextSpan[] {
  const found: TextSpan[] = [];
  // Most strings checked (ids, names, a call's log line with its UUID) hold no run of
  // 13 grouped digits: one pass over the characters answers without the regular
  // expressions or any allocation.
  if (!hasGroupedDigits(text, MIN_DIGITS)) return found;
  for (const run of text.matchAll(GROUPED_DIGITS)) {
    if (countDigits(run[0]) < MIN_DIGITS) continue;
    const groups = digitGroups(run[0], run.index);
    found.push(...cardSpansInGroups(groups));
  }
  return found;
}

export function containsCardNumber(text: string): boolean {
  return findCardNumbers(text).length > 0;
}

/** The replacement written in place of a card number. */
export const CARD_NUMBER_MASK = '[REDACTED:card]';

/** `text` with every card number replaced by CARD_NUMBER_MASK. */
export function maskCardNumbers(text: string): string {
  const spans = findCardNumbers(text);
  if (spans.length === 0) return text;
  let masked = '';
  let cursor = 0;
  for (const span of spans) {
    masked += text.slice(cursor, span.start) + CARD_NUMBER_MASK;
    cursor = span.end;
  }
  return masked + text.slice(cursor);
}

/** Luhn (mod 10) check over a string of digits only. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let digit = digits.charCodeAt(i) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

interface DigitGroup extends TextSpan {
  digits: string;
}

function digitGroups(run: string, offset: number): DigitGroup[] {
  return [...run.matchAll(DIGIT_GROUP)].map((group) => ({
    digits: group[0],
    start: offset + group.index,
    end: offset + group.index + group[0].length,
  }));
}

/**
 * Scans spans of whole groups from left to right, taking the longest card-like span
 * that starts at each group, then continuing after it.
 */
function cardSpansInGroups(groups: readonly DigitGroup[]): TextSpan[] {
  const spans: TextSpan[] = [];
  let first = 0;
  while (first < groups.length) {
    const last = longestCardSpanFrom(groups, first);
    if (last === undefined) {
      first += 1;
      continue;
    }
    spans.push({ start: groups[first]!.start, end: groups[last]!.end });
    first = last + 1;
  }
  return spans;
}

function longestCardSpanFrom(groups: readonly DigitGroup[], first: number): number | undefined {
  let digits = '';
  let best: number | undefined;
  for (let last = first; last < groups.length; last++) {
    digits += groups[last]!.digits;
    if (digits.length > MAX_DIGITS) break;
    if (digits.length >= MIN_DIGITS && passesLuhn(digits)) best = last;
  }
  return best;
}

/**
 * True when some run of digit groups joined by spaces or dashes (what GROUPED_DIGITS
 * matches) holds at least `min` digits. Separators carry a run on; any other
 * character ends it.
 */
function hasGroupedDigits(text: string, min: number): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      run += 1;
      if (run >= min) return true;
    } else if (code !== 32 && code !== 45) {
      run = 0;
    }
  }
  return false;
}

function countDigits(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) count += 1;
  }
  return count;
}
