/**
 * Writes a result table as batches of multi-row INSERTs through Kysely, each committed on its
 * own: SQLite's way. The rows come from an executor that may take minutes to produce them, and a
 * transaction held open that long would lock SQLite's registry (one writer) for everyone else.
 * Nobody reads the table before the request is marked complete, and a failure drops it, so no
 * one sees a partial result.
 */
import type { Cell, ColumnType, Row } from '../domain.js';
import { ROW_ORDER_COLUMN } from './result-column-names.js';
import { dropResultTable } from './result-tables.js';
import type { NewResultTable } from './store-dialect.js';

export interface BatchedInsertOptions {
  /** Bind parameters one statement may carry, which bounds rows per INSERT. */
  maxBindParameters: number;
  /** A cell as the driver can bind it. */
  toDatabase(value: Cell, type: ColumnType): unknown;
}

export function batchedInsertWriter({ maxBindParameters, toDatabase }: BatchedInsertOptions): (target: NewResultTable) => Promise<number> {
  return async ({ db, table, columns, create, rows, batchSize }) => {
    const rowsPerInsert = Math.max(1, Math.min(batchSize, Math.floor(maxBindParameters / (columns.length + 1))));
    await create.execute();
    let rowCount = 0;
    try {
      let batch: Record<string, unknown>[] = [];
      for await (const row of rows) {
        batch.push(toRecord(row, rowCount++));
        if (batch.length >= rowsPerInsert) {
          await db.insertInto(table).values(batch).execute();
          batch = [];
        }
      }
      if (batch.length > 0) await db.insertInto(table).values(batch).execute();
    } catch (error) {
      await dropResultTable(db, table).catch(() => undefined);
      throw error;
    }
    return rowCount;

    function toRecord(row: Row, position: number): Record<string, unknown> {
      const record: Record<string, unknown> = { [ROW_ORDER_COLUMN]: position };
      columns.forEach((column, index) => {
        record[column.sqlName] = toDatabase(row[index] ?? null, column.type);
      });
      return record;
    }
  };
}
