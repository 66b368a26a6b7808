/**
 * What differs between the databases a store can sit on, for result tables. Everything else goes
 * through Kysely's dialect.
 */
import { sql, type Kysely } from 'kysely';
import type { Cell, ColumnType } from '../domain.js';
import { ROW_ORDER_COLUMN } from './result-column-names.js';

// Result tables are created at run time, so Kysely cannot know their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export interface StoreDialect {
  name: 'sqlite' | 'mysql' | 'postgres';
  /** Longest identifier the database keeps (SQLite has no limit; we still cap names). */
  maxIdentifierLength: number;
  /** Bind parameters one statement may carry, which bounds rows per multi-row INSERT. */
  maxBindParameters: number;
  /** The SQL type of the row-order primary key. */
  rowOrderType: string;
  /** The SQL type a result column of this type is stored as. */
  sqlType(type: ColumnType): string;
  /** A cell as the driver can bind it. */
  toDatabase(value: Cell, type: ColumnType): unknown;
  /** The columns of a table and their declared SQL types, in order; null when it does not exist. */
  describeTable(db: AnyDb, table: string): Promise<Array<{ name: string; sqlType: string }> | null>;
  /** Adds and fills the row-order column of a table written outside the server. */
  addRowOrder(db: AnyDb, table: string): Promise<void>;
}

export const sqliteDialect: StoreDialect = {
  name: 'sqlite',
  maxIdentifierLength: 64,
  maxBindParameters: 32_766,
  // INTEGER PRIMARY KEY is the rowid itself in SQLite: no separate index, and every CREATE TABLE
  // adds one schema entry instead of two (the schema is scanned on each CREATE TABLE).
  rowOrderType: 'integer',
  sqlType: (type) => ({ time: 'bigint', number: 'double precision', string: 'text', boolean: 'boolean' })[type],
  // better-sqlite3 binds no booleans: store 1/0, read back as booleans from the column's type.
  toDatabase: (value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value),
  async describeTable(db, table) {
    const { rows } = await sql<{ name: string; type: string }>`select name, type from pragma_table_info(${table})`.execute(db);
    return rows.length === 0 ? null : rows.map((row) => ({ name: row.name, sqlType: row.type }));
  },
  async addRowOrder(db, table) {
    // rowid is SQLite's insertion order for a table the script filled with plain INSERTs.
    await db.transaction().execute(async (trx) => {
      await trx.schema.alterTable(table).addColumn(ROW_ORDER_COLUMN, 'bigint').execute();
      await sql`update ${sql.table(table)} set ${sql.ref(ROW_ORDER_COLUMN)} = rowid`.execute(trx);
      await trx.schema.createIndex(`${table}_row_order`).on(table).column(ROW_ORDER_COLUMN).execute();
    });
  },
};
