/**
 * Converting database values into cells of the column's type. The drivers are set up to hand
 * over text where JavaScript would lose or shift the value (PostgreSQL sends every value as text,
 * MySQL's big integers, decimals and dates come as text); these converters read that text.
 *
 * Times without a zone (`timestamp`, `DATETIME`, SQLite's `datetime()` text) are read as UTC:
 * Scheduler's sessions run in UTC, and a server's local zone would silently shift every point.
 */
import type { Cell, ColumnType } from '../../domain.js';
import { toCell } from '../../tables/cell-types.js';

export type ValueConverter = (value: unknown) => Cell;

const SQL_TIME = /^(\d{4,})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?$/i;

/**
 * `2024-06-01 12:00:00.123456+02` and its shorter forms as epoch ms; null for text of that form
 * that is no time (`0000-00-00`), undefined for other text.
 */
export function parseSqlTime(text: string): number | null | undefined {
  const match = SQL_TIME.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  // MySQL's zero date 0000-00-00 and other impossible parts are no time at all.
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return null;
  const milliseconds = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, milliseconds));
  date.setUTCFullYear(year); // Date.UTC would read years 0–99 as 1900–1999
  const utc = date.getTime();
  return Number.isNaN(utc) ? null : utc - zoneOffsetMs(match[8]);
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(/:/g, '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4) || '0');
  const seconds = Number(digits.slice(4, 6) || '0');
  return sign * ((hours * 60 + minutes) * 60 + seconds) * 1000;
}

export function numberValue(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    if (value.trim() === '') return null;
    const number = Number(value);
    return Number.isFinite(number) ? number : null;
  }
  if (value instanceof Uint8Array) return bitsValue(value);
  return null;
}

export function booleanValue(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'bigint') return value !== 0n;
  if (value instanceof Uint8Array) return bitsValue(value) !== 0;
  if (typeof value !== 'string') return null;
  switch (value.trim().toLowerCase()) {
    case 't':
    case 'true':
    case '1':
      return true;
    case 'f':
    case 'false':
    case '0':
      return false;
    default:
      return null;
  }
}

export function timeValue(value: unknown): number | null {
  if (value instanceof Date) {
    const time = value.getTime();
    return Number.isNaN(time) ? null : time;
  }
  if (typeof value === 'string') {
    const parsed = parseSqlTime(value);
    if (parsed !== undefined) return parsed;
  }
  // Epoch seconds or milliseconds, other time text: the rules every table in Scheduler follows.
  const cell = toCell(typeof value === 'bigint' ? Number(value) : value, 'time');
  return typeof cell === 'number' ? cell : null;
}

/** Text as it is (an empty string stays empty), bytes as hex, anything else as its text. */
export function textValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function valueConverter(type: ColumnType): ValueConverter {
  switch (type) {
    case 'number':
      return numberValue;
    case 'boolean':
      return booleanValue;
    case 'time':
      return timeValue;
    default:
      return textValue;
  }
}

/** A BIT(n) value (big-endian bytes) as a number. */
function bitsValue(bytes: Uint8Array): number {
  let number = 0;
  for (const byte of bytes) number = number * 256 + byte;
  return number;
}
