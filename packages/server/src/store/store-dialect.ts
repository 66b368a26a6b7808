/**
 * What differs between the databases a store can sit on, for result tables. Everything else goes
 * through Kysely's dialect.
 */
import type { Cell, ColumnType } from '../domain.js';

export interface StoreDialect {
  name: 'sqlite' | 'mysql' | 'postgres';
  /** Longest identifier the database keeps (SQLite has no limit; we still cap names). */
  maxIdentifierLength: number;
  /** Bind parameters one statement may carry, which bounds rows per multi-row INSERT. */
  maxBindParameters: number;
  /** The SQL type a result column of this type is stored as. */
  sqlType(type: ColumnType): string;
  /** A cell as the driver can bind it. */
  toDatabase(value: Cell, type: ColumnType): unknown;
}

export const sqliteDialect: StoreDialect = {
  name: 'sqlite',
  maxIdentifierLength: 64,
  maxBindParameters: 32_766,
  sqlType: (type) => ({ time: 'bigint', number: 'double precision', string: 'text', boolean: 'boolean' })[type],
  // better-sqlite3 binds no booleans: store 1/0, read back as booleans from the column's type.
  toDatabase: (value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value),
};
