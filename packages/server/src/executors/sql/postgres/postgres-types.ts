/**
 * PostgreSQL result columns: the Grafana type of each built-in type OID, and the converter for
 * its text. Values are taken as the server's text (no client-side parsing): int8 and numeric
 * would not fit a JavaScript number exactly and pg's own date parsing applies the local zone.
 */
import pg from 'pg';
import type { FieldDef } from 'pg';
import type { ColumnType } from '../../../domain.js';
import type { SqlColumn } from '../sql-database.js';
import { textValue, valueConverter } from '../sql-values.js';

const { builtins } = pg.types;

const NUMBER_TYPES = new Set<number>([builtins.INT2, builtins.INT4, builtins.INT8, builtins.OID, builtins.FLOAT4, builtins.FLOAT8, builtins.NUMERIC]);
const TIME_TYPES = new Set<number>([builtins.DATE, builtins.TIMESTAMP, builtins.TIMESTAMPTZ]);

/** Every value arrives as the server's text; the column's converter reads it. */
export const RAW_TEXT_TYPES: pg.CustomTypesConfig = {
  getTypeParser: (() => (text: string) => text) as unknown as typeof pg.types.getTypeParser,
};

export function postgresColumnType(typeId: number): ColumnType {
  if (typeId === builtins.BOOL) return 'boolean';
  if (NUMBER_TYPES.has(typeId)) return 'number';
  if (TIME_TYPES.has(typeId)) return 'time';
  return 'string';
}

export function postgresColumns(fields: readonly FieldDef[]): SqlColumn[] {
  return fields.map((field) => {
    const type = postgresColumnType(field.dataTypeID);
    // bytea's text form is \x followed by hex: the hex is what every dialect gives for bytes.
    const convert = field.dataTypeID === builtins.BYTEA ? byteaValue : valueConverter(type);
    return { name: field.name, type, convert };
  });
}

function byteaValue(value: unknown): string | null {
  return typeof value === 'string' && value.startsWith('\\x') ? value.slice(2) : textValue(value);
}
