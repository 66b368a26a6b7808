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

/** One value as a cell of the given type; null when it is blank or does not fit. */
export function toCell(value: unknown, type: ColumnType): Cell {
  if (isBlank(value)) return null;
  switch (type) {
    case 'number': {
      const number = typeof value === 'number' ? value : typeof value === 'string' && NUMBER.test(value.trim()) ? Number(value) : NaN;
      return Number.isFinite(number) ? number : null;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      return typeof value === 'string' && BOOLEAN.test(value.trim()) ? value.trim().toLowerCase() === 'true' : null;
    case 'time':
      return toEpochMilliseconds(value);
    default:
      return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

function toEpochMilliseconds(value: unknown): number | null {
  if (looksNumeric(value)) {
    const number = Number(value);
    return inRange(number, EPOCH_SECONDS) ? number * 1000 : number;
  }
  if (typeof value !== 'string') return null;
  const parsed = Date.parse(value.trim());
  return Number.isNaN(parsed) ? null : parsed;
}
