/**
 * Reading typed cells out of text and loose JSON values: what turns a CSV or an API answer into
 * columns Grafana can plot. Inference looks at a sample of values; conversion then maps every
 * value of the column, and a value that does not fit its column's type becomes null rather than
 * failing the whole result.
 */
import type { Cell, ColumnType } from '../domain.js';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const BOOLEAN = /^(?:true|false)$/i;
/** Column names that mark epoch numbers as times rather than plain numbers. */
const TIME_NAME = /^(?:time|timestamp|ts|date|datetime)$|(?:_at|_time|_ts|Time|At)$/;
/** Epoch values between 2001 and 2286, in seconds or milliseconds. */
const EPOCH_SECONDS = [1e9, 1e10] as const;
const EPOCH_MILLISECONDS = [1e12, 1e13] as const;

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

function looksNumeric(value: unknown): boolean {
  return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && NUMBER.test(value.trim()));
}

function looksBoolean(value: unknown): boolean {
  return typeof value === 'boolean' || (typeof value === 'string' && BOOLEAN.test(value.trim()));
}

function looksIsoTime(value: unknown): boolean {
  return typeof value === 'string' && ISO_TIME.test(value.trim()) && !Number.isNaN(Date.parse(value.trim()));
}

function inRange(value: number, [low, high]: readonly [number, number]): boolean {
  return value >= low && value < high;
}

/** The type a column's sample values share; `string` when they share none or are all blank. */
export function inferColumnType(name: string, samples: readonly unknown[]): ColumnType {
  const values = samples.filter((value) => !isBlank(value));
  if (values.length === 0) return 'string';
  if (values.every(looksBoolean)) return 'boolean';
  if (values.every(looksIsoTime)) return 'time';
  if (values.every(looksNumeric)) {
    const numbers = values.map(Number);
    const epoch = numbers.every((n) => inRange(n, EPOCH_SECONDS)) || numbers.every((n) => inRange(n, EPOCH_MILLISECONDS));
    return epoch && TIME_NAME.test(name) ? 'time' : 'number';
  }
  return 'string';
}

/** Turns one value into a cell of one column type; null when it is blank or does not fit. */
export type CellConverter = (value: unknown) => Cell;

/**
 * The converter for a column type. Tables convert millions of cells: pick the converter once per
 * column, then call it per cell, rather than deciding by type for every cell.
 */
export function cellConverter(type: ColumnType): CellConverter {
  switch (type) {
    case 'number':
      return toNumberCell;
    case 'boolean':
      return toBooleanCell;
    case 'time':
      return toTimeCell;
    default:
      return toStringCell;
  }
}

/** One value as a cell of the given type; null when it is blank or does not fit. */
export function toCell(value: unknown, type: ColumnType): Cell {
  return cellConverter(type)(value);
}

function toNumberCell(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return typeof value === 'string' ? parseDecimal(value) : null;
}

function toBooleanCell(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return null;
  if (value === 'true') return true;
  if (value === 'false') return false;
  const trimmed = value.trim();
  return BOOLEAN.test(trimmed) ? trimmed.toLowerCase() === 'true' : null;
}

function toTimeCell(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? epochMilliseconds(value) : null;
  if (typeof value !== 'string') return null;
  const iso = parseIsoWithZone(value);
  if (iso !== undefined) return iso;
  const number = parseDecimal(value);
  if (number !== null) return epochMilliseconds(number);
  const parsed = Date.parse(value.trim());
  return Number.isNaN(parsed) ? null : parsed;
}

function toStringCell(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value;
  if (value === null || value === undefined) return null;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Epoch seconds (2001–2286) become milliseconds; other numbers are taken as milliseconds. */
export function epochMilliseconds(number: number): number {
  return inRange(number, EPOCH_SECONDS) ? number * 1000 : number;
}

/**
 * A decimal number written as text (what {@link NUMBER} matches, around blanks), else null —
 * the same answer as `NUMBER.test(text.trim()) ? Number(text) : null` for finite numbers, without
 * a regular expression for the usual case. `Number()` reads exactly the decimal literals NUMBER
 * matches, plus blank text (as 0), `Infinity` (not finite) and `0x`/`0o`/`0b` literals: text that
 * starts and ends with a visible ASCII character is blank only if empty, so only those literals
 * remain to refuse.
 */
function parseDecimal(text: string): number | null {
  const number = Number(text);
  if (!Number.isFinite(number)) return null;
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  if (!(first > 32 && first < 127 && last > 32 && last < 127)) {
    const trimmed = text.trim(); // empty text, or blanks around: let the pattern decide
    return NUMBER.test(trimmed) ? number : null;
  }
  if (first === 48 /* 0 */ && text.length > 2) {
    const second = text.charCodeAt(1) | 0x20; // lower case
    if (second === 0x78 /* x */ || second === 0x6f /* o */ || second === 0x62 /* b */) return null;
  }
  return number;
}

const MS_PER_DAY = 86_400_000;

/**
 * The most common time text, `YYYY-MM-DDTHH:MM[:SS[.mmm]]` with `Z` or a `±HH:MM` offset, or a
 * bare `YYYY-MM-DD` (UTC midnight), read with arithmetic: `Date.parse` costs several times more.
 * Gives the same result as `Date.parse`; anything else (other forms, local times, dates that
 * `Date.parse` would roll over such as February 30, more or fewer fraction digits) is left to
 * it: undefined.
 */
function parseIsoWithZone(text: string): number | undefined {
  return isoTimeWithZoneIn(text, 0, text.length);
}

/**
 * {@link parseIsoWithZone} on the text from `start` to `end`: a CSV reader reads a time where it
 * lies in the text, without a string of its own.
 */
export function isoTimeWithZoneIn(text: string, start: number, end: number): number | undefined {
  const length = end - start;
  if (length !== 10 && length < 17) return undefined;
  if (text.charCodeAt(start + 4) !== 45 /* - */ || text.charCodeAt(start + 7) !== 45) return undefined;
  const year = digits(text, start, 4, end);
  const month = digits(text, start + 5, 2, end);
  const day = digits(text, start + 8, 2, end);
  if (year < 0 || month < 1 || month > 12 || day < 1) return undefined;
  const date = dateMilliseconds(year, month, day);
  if (date === undefined) return undefined;
  if (length === 10) return date;
  if (text.charCodeAt(start + 10) !== 84 /* T */ || text.charCodeAt(start + 13) !== 58 /* : */) return undefined;
  const hour = digits(text, start + 11, 2, end);
  const minute = digits(text, start + 14, 2, end);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
  let at = start + 16;
  let second = 0;
  let millisecond = 0;
  if (text.charCodeAt(at) === 58 /* : */) {
    second = digits(text, at + 1, 2, end);
    if (second < 0 || second > 59) return undefined;
    at += 3;
    if (at < end && text.charCodeAt(at) === 46 /* . */) {
      millisecond = digits(text, at + 1, 3, end);
      if (millisecond < 0) return undefined;
      at += 4;
    }
  }
  const time = date + hour * 3_600_000 + minute * 60_000 + second * 1000 + millisecond;
  const zone = at < end ? text.charCodeAt(at) : NaN;
  if (zone === 90 /* Z */ && at + 1 === end) return time;
  if ((zone === 43 /* + */ || zone === 45) /* - */ && at + 6 === end && text.charCodeAt(at + 3) === 58) {
    const offsetHours = digits(text, at + 1, 2, end);
    const offsetMinutes = digits(text, at + 4, 2, end);
    if (offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59) return undefined;
    const offset = (offsetHours * 60 + offsetMinutes) * 60_000;
    return zone === 43 ? time - offset : time + offset;
  }
  return undefined;
}

/** The last date read and its epoch milliseconds: times in a column mostly share their date. */
let lastDateKey = -1;
let lastDateMilliseconds = 0;

/** UTC midnight of a date, undefined when the day is past the month's end; month and day ≥ 1. */
function dateMilliseconds(year: number, month: number, day: number): number | undefined {
  const key = year * 1000 + month * 50 + day;
  if (key === lastDateKey) return lastDateMilliseconds;
  if (day > daysInMonth(year, month)) return undefined;
  lastDateKey = key;
  lastDateMilliseconds = daysFromCivil(year, month, day) * MS_PER_DAY;
  return lastDateMilliseconds;
}

/** The number written by `count` ASCII digits at `start`, before `end`; -1 when one of them is not a digit. */
function digits(text: string, start: number, count: number, end: number): number {
  if (start + count > end) return -1;
  let value = 0;
  for (let index = start; index < start + count; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
