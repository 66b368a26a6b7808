/**
 * MySQL/MariaDB result columns: the Grafana type of each protocol column type. The connection
 * hands over big integers, decimals and dates as text and binary strings as bytes, so nothing is
 * rounded or shifted into a local zone before the column's converter reads it.
 *
 * `TINYINT(1)` and `BIT(1)` are booleans, as the JDBC driver the original used read them
 * (`tinyInt1isBit`); other integers are numbers.
 */
import type { FieldPacket } from 'mysql2';
import type { ColumnType } from '../../../domain.js';
import type { SqlColumn } from '../sql-database.js';
import { valueConverter } from '../sql-values.js';

/** Protocol column type codes (mysql2's `Types`), by what they become. */
const NUMBER_TYPES = new Set([
  0, // DECIMAL
  1, // TINY
  2, // SHORT
  3, // LONG
  4, // FLOAT
  5, // DOUBLE
  8, // LONGLONG
  9, // INT24
  13, // YEAR
  16, // BIT
  246, // NEWDECIMAL
]);
const TIME_TYPES = new Set([
  7, // TIMESTAMP
  10, // DATE
  12, // DATETIME
  14, // NEWDATE
  17, // TIMESTAMP2
  18, // DATETIME2
]);
const TINY = 1;
const BIT = 16;

export function mysqlColumnType(field: FieldPacket): ColumnType {
  const code = field.columnType ?? field.type ?? -1;
  if ((code === TINY || code === BIT) && field.columnLength === 1) return 'boolean';
  if (NUMBER_TYPES.has(code)) return 'number';
  if (TIME_TYPES.has(code)) return 'time';
  return 'string';
}

export function mysqlColumns(fields: readonly FieldPacket[]): SqlColumn[] {
  return fields.map((field) => {
    const type = mysqlColumnType(field);
    return { name: field.name, type, convert: valueConverter(type) };
  });
}
