/**
 * SQLite result columns. A column read from a table has the type it was declared with
 * (`statement.columns()`), read by SQLite's own affinity rules plus the names people use for
 * booleans and times; an expression has no declared type, so its first rows decide.
 */
import type { ColumnType } from '../../../domain.js';
import { inferColumnType } from '../../../tables/cell-types.js';
import type { SqlColumn } from '../sql-database.js';
import { parseSqlTime, valueConverter } from '../sql-values.js';
import type { SqliteColumnInfo } from './sqlite-messages.js';

/** The Grafana type of a declared SQLite type, or null when it says nothing useful (BLOB, none). */
export function declaredColumnType(declared: string): ColumnType | null {
  const type = declared.toUpperCase();
  if (type.includes('BOOL')) return 'boolean';
  if (type.includes('DATE') || type.includes('TIMESTAMP')) return 'time';
  if (type.includes('INT')) return 'number';
  if (type.includes('CHAR') || type.includes('CLOB') || type.includes('TEXT') || type === 'TIME') return 'string';
  if (type.includes('REAL') || type.includes('FLOA') || type.includes('DOUB') || type.includes('NUM') || type.includes('DEC')) return 'number';
  return null;
}

/** The type an undeclared column's sample values share: numbers, time text, else text. */
function sampledColumnType(name: string, values: readonly unknown[]): ColumnType {
  const present = values.filter((value) => value !== null && value !== undefined);
  if (present.length === 0) return 'string';
  if (present.every((value) => typeof value === 'number' || typeof value === 'bigint')) return inferColumnType(name, present.map(Number));
  if (present.every((value) => typeof value === 'string' && typeof parseSqlTime(value) === 'number')) return 'time';
  return 'string';
}

export function sqliteColumns(columns: readonly SqliteColumnInfo[], sample: readonly unknown[][]): SqlColumn[] {
  return columns.map((column, index) => {
    const type = (column.declaredType ? declaredColumnType(column.declaredType) : null) ?? sampledColumnType(column.name, sample.map((row) => row[index]));
    return { name: column.name, type, convert: valueConverter(type) };
  });
}
