/**
 * Typed cells read where they lie in a text, from `start` to `end`, without a string of their
 * own: a CSV reader (csv-columns.ts) types millions of fields, and a substring per field cost
 * about as much as reading it. Each gives exactly what the column's converter (cell-types.ts)
 * gives for the field's text; the common forms are read here, anything else is handed to that
 * converter as a substring.
 *
 * Cells come out as column numbers (typed-row-batch.ts): NaN for null, booleans as 1 and 0.
 */
import { cellConverter, epochMilliseconds, isoTimeWithZoneIn } from './cell-types.js';

const numberCell = cellConverter('number');
const timeCell = cellConverter('time');
const booleanCell = cellConverter('boolean');

/**
 * Digits read exactly here: a mantissa of at most 15 digits is an integer below 2^53, and
 * divided by a power of ten up to 1e22 (each exact as a double) it is correctly rounded — the
 * double nearest the decimal, which is what `Number()` gives.
 */
const MAX_EXACT_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: MAX_EXACT_DIGITS + 1 }, (_, exponent) => 10 ** exponent);

/**
 * A plain decimal — an optional sign, digits, an optional point and more digits, 15 digits at
 * most — read exactly; NaN for anything else, blank included (left to the caller).
 */
function plainDecimalIn(text: string, start: number, end: number): number {
  let at = start;
  const sign = text.charCodeAt(at);
  if (sign === 45 /* - */ || sign === 43 /* + */) at++;
  let mantissa = 0;
  let digits = 0;
  let code = 0;
  while (at < end && (code = text.charCodeAt(at) - 48) >= 0 && code <= 9) {
    mantissa = mantissa * 10 + code;
    digits++;
    at++;
  }
  let fraction = 0;
  if (at < end && code === 46 - 48 /* . */) {
    at++;
    while (at < end && (code = text.charCodeAt(at) - 48) >= 0 && code <= 9) {
      mantissa = mantissa * 10 + code;
      fraction++;
      at++;
    }
  }
  if (at !== end || digits + fraction === 0 || digits + fraction > MAX_EXACT_DIGITS) return NaN;
  const value = fraction === 0 ? mantissa : mantissa / POWERS_OF_TEN[fraction]!;
  return sign === 45 ? -value : value;
}

/** A number column's cell: what cellConverter('number') gives for the text. */
export function numberIn(text: string, start: number, end: number): number {
  if (start === end) return NaN;
  const plain = plainDecimalIn(text, start, end);
  if (plain === plain) return plain; // not NaN
  return (numberCell(text.slice(start, end)) as number | null) ?? NaN;
}

/** A time column's cell, in epoch milliseconds: what cellConverter('time') gives for the text. */
export function timeIn(text: string, start: number, end: number): number {
  if (start === end) return NaN;
  const iso = isoTimeWithZoneIn(text, start, end);
  if (iso !== undefined) return iso;
  const plain = plainDecimalIn(text, start, end);
  if (plain === plain) return epochMilliseconds(plain);
  return (timeCell(text.slice(start, end)) as number | null) ?? NaN;
}

/** A boolean column's cell, 1 or 0: what cellConverter('boolean') gives for the text. */
export function booleanIn(text: string, start: number, end: number): number {
  const length = end - start;
  if (length === 4 && text.startsWith('true', start)) return 1;
  if (length === 5 && text.startsWith('false', start)) return 0;
  if (length === 0) return NaN;
  const cell = booleanCell(text.slice(start, end)) as boolean | null;
  return cell === null ? NaN : +cell;
}
