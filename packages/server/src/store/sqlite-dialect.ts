/** SQLite's side of the {@link StoreDialect}: the embedded default store. */
import { sql } from 'kysely';
import { batchedInsertWriter } from './batched-insert-writer.js';
import { ROW_ORDER_COLUMN, SQLITE_IDENTIFIERS } from './result-column-names.js';
import type { StoreDialect } from './store-dialect.js';

export const sqliteDialect: StoreDialect = {
  name: 'sqlite',
  identifiers: SQLITE_IDENTIFIERS,
  lockingReads: false,
  // INTEGER PRIMARY KEY is the rowid itself in SQLite: no separate index, and every CREATE TABLE
  // adds one schema entry instead of two (the schema is scanned on each CREATE TABLE).
  rowOrderType: 'integer',
  sqlType: (type) => ({ time: 'bigint', number: 'double precision', string: 'text', boolean: 'boolean' })[type],
  writeTable: batchedInsertWriter({
    maxBindParameters: 32_766,
    // better-sqlite3 binds no booleans: store 1/0, read back as booleans from the column's type.
    toDatabase: (value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value),
  }),
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
  // One connection, transactions one after another (sqlite-group-commit.ts): no races to lose.
  isWriteConflict: () => false,
};
