/**
 * Writes a result table as batches of multi-row INSERTs, committed a few at a time: SQLite's
 * way. The rows come from an executor that may take minutes to produce them, and a transaction
 * held open that long would lock SQLite's registry (one writer) for everyone else. Nobody reads
 * the table before the request is marked complete, and a failure drops it, so no one sees a
 * partial result.
 *
 * Speed (a result can have millions of rows): each table's INSERT is built once — for a full
 * batch, and once more for the last, shorter one — and afterwards only given values, as one flat
 * array per batch; the driver keeps the statement prepared (sqlite-group-commit.ts). Building
 * and compiling every batch with Kysely cost a quarter of the time. Rows are read a batch at a
 * time (tables/row-iterators.ts), so a streamed result costs no promise per row, and a CSV
 * worker's typed columns are bound without making rows (insert-values.ts). Several INSERTs share
 * a commit when their rows are at hand (inserts-per-commit.ts).
 */
import { sql } from 'kysely';
import type { Cell, ColumnType } from '../domain.js';
import { heldBatches } from '../tables/row-iterators.js';
import { InsertValues } from './insert-values.js';
import { InsertsPerCommit } from './inserts-per-commit.js';
import { ROW_ORDER_COLUMN } from './result-column-names.js';
import { dropResultTable } from './result-tables.js';
import type { AnyDb, NewResultTable } from './store-dialect.js';

export interface BatchedInsertOptions {
  /** Bind parameters one statement may carry, which bounds rows per INSERT. */
  maxBindParameters: number;
  /** A cell as the driver can bind it. */
  toDatabase(value: Cell, type: ColumnType): unknown;
}

export function batchedInsertWriter({ maxBindParameters, toDatabase }: BatchedInsertOptions): (target: NewResultTable) => Promise<number> {
  return async ({ db, table, columns, create, rows, batchSize }) => {
    const width = columns.length + 1;
    const rowsPerInsert = Math.max(1, Math.min(batchSize, Math.floor(maxBindParameters / width)));
    const insertSql = insertStatement(db, table, columns.map((column) => column.sqlName));
    const fullBatchSql = insertSql(rowsPerInsert);
    const values = new InsertValues(
      columns.map((column) => column.type),
      rowsPerInsert,
      toDatabase,
    );
    const inserts = new InsertsPerCommit(db);
    await create.execute();
    try {
      for await (const batch of heldBatches(rows)) {
        for (const full of values.add(batch)) await inserts.run(fullBatchSql, full, rowsPerInsert);
      }
      const rest = values.rest();
      if (rest) await inserts.run(insertSql(rest.length / width), rest, rest.length / width);
      await inserts.committed();
    } catch (error) {
      await inserts.committed().catch(() => undefined);
      await dropResultTable(db, table).catch(() => undefined);
      throw error;
    }
    return values.rowCount;
  };
}

/**
 * The text of a multi-row INSERT into `table` for any number of rows: the table and column
 * names quoted by Kysely's compiler, then one `(?, …)` group of placeholders per row.
 */
function insertStatement(db: AnyDb, table: string, sqlNames: string[]): (rows: number) => string {
  const names = sql.join([ROW_ORDER_COLUMN, ...sqlNames].map((name) => sql.id(name)));
  const head = sql`insert into ${sql.table(table)} (${names}) values `.compile(db).sql;
  const group = `(${new Array(sqlNames.length + 1).fill('?').join(', ')})`;
  return (rows) => head + new Array(rows).fill(group).join(', ');
}
