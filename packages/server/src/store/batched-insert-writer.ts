/**
 * Writes a result table as batches of multi-row INSERTs, each committed on its own: SQLite's
 * way. The rows come from an executor that may take minutes to produce them, and a transaction
 * held open that long would lock SQLite's registry (one writer) for everyone else. Nobody reads
 * the table before the request is marked complete, and a failure drops it, so no one sees a
 * partial result.
 *
 * Speed (a result can have millions of rows): each table's INSERT is built once — for a full
 * batch, and once more for the last, shorter one — and afterwards only given values, as one flat
 * array per batch; the driver keeps the statement prepared (sqlite-group-commit.ts). Building
 * and compiling every batch with Kysely cost a quarter of the time. Rows are read a batch at a
 * time (tables/row-iterators.ts), so a streamed result costs no promise per row.
 */
import { CompiledQuery, sql } from 'kysely';
import type { Cell, ColumnType } from '../domain.js';
import { rowBatches } from '../tables/row-iterators.js';
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
    const types = columns.map((column) => column.type);
    const insertSql = insertStatement(db, table, columns.map((column) => column.sqlName));
    const fullBatchSql = insertSql(rowsPerInsert);
    await create.execute();
    let rowCount = 0;
    try {
      let values: unknown[] = new Array(rowsPerInsert * width);
      let filled = 0;
      for await (const batch of rowBatches(rows)) {
        for (const row of batch) {
          values[filled++] = rowCount++;
          for (let index = 0; index < types.length; index++) values[filled++] = toDatabase(row[index] ?? null, types[index]!);
          if (filled === values.length) {
            await db.executeQuery(CompiledQuery.raw(fullBatchSql, values));
            // Kysely freezes a compiled query's parameters: the next batch needs an array of its own.
            values = new Array(rowsPerInsert * width);
            filled = 0;
          }
        }
      }
      if (filled > 0) await db.executeQuery(CompiledQuery.raw(insertSql(filled / width), values.slice(0, filled)));
    } catch (error) {
      await dropResultTable(db, table).catch(() => undefined);
      throw error;
    }
    return rowCount;
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
