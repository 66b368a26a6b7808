/**
 * Result tables: each stored result is a real SQL table with typed columns, so Grafana's own SQL
 * datasources can read it too. Rows carry their position in {@link ROW_ORDER_COLUMN} so reads
 * return them in the order the executor produced them and can page without holding a cursor.
 */
import { sql, type Kysely } from 'kysely';
import type { Cell, Column, Row, StoredColumn, TableStream } from '../domain.js';
import { assignSqlNames, ROW_ORDER_COLUMN } from './result-column-names.js';
import type { StoreDialect } from './store-dialect.js';

/** Rows read per page when streaming a result out. */
const READ_PAGE_ROWS = 2_000;

// Result tables are created at run time, so Kysely cannot know their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function writeResultTable(
  db: AnyDb,
  dialect: StoreDialect,
  table: string,
  columns: Column[],
  rows: TableStream['rows'],
  batchSize: number,
): Promise<{ columns: StoredColumn[]; rowCount: number }> {
  const stored = assignSqlNames(columns, dialect.maxIdentifierLength);
  const rowsPerInsert = Math.max(1, Math.min(batchSize, Math.floor(dialect.maxBindParameters / (stored.length + 1))));
  let rowCount = 0;
  await db.transaction().execute(async (trx) => {
    let create = trx.schema.createTable(table).addColumn(ROW_ORDER_COLUMN, 'bigint', (column) => column.primaryKey());
    for (const column of stored) create = create.addColumn(column.sqlName, sql.raw(dialect.sqlType(column.type)));
    await create.execute();
    let batch: Record<string, unknown>[] = [];
    for await (const row of rows) {
      batch.push(toRecord(row, stored, dialect, rowCount++));
      if (batch.length >= rowsPerInsert) {
        await trx.insertInto(table).values(batch).execute();
        batch = [];
      }
    }
    if (batch.length > 0) await trx.insertInto(table).values(batch).execute();
  });
  return { columns: stored, rowCount };
}

function toRecord(row: Row, columns: StoredColumn[], dialect: StoreDialect, position: number): Record<string, unknown> {
  const record: Record<string, unknown> = { [ROW_ORDER_COLUMN]: position };
  columns.forEach((column, index) => {
    record[column.sqlName] = dialect.toDatabase(row[index] ?? null, column.type);
  });
  return record;
}

export async function* readResultTable(db: AnyDb, table: string, columns: StoredColumn[]): AsyncIterable<Row> {
  let after = -1;
  for (;;) {
    const page = (await db
      .selectFrom(table)
      .select([ROW_ORDER_COLUMN, ...columns.map((column) => column.sqlName)])
      .where(ROW_ORDER_COLUMN, '>', after)
      .orderBy(ROW_ORDER_COLUMN)
      .limit(READ_PAGE_ROWS)
      .execute()) as Record<string, unknown>[];
    for (const record of page) yield columns.map((column) => fromDatabase(record[column.sqlName], column));
    if (page.length < READ_PAGE_ROWS) return;
    after = Number(page[page.length - 1]![ROW_ORDER_COLUMN]);
  }
}

function fromDatabase(value: unknown, column: Column): Cell {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'time':
    case 'number':
      return Number(value);
    case 'boolean':
      return value === true || value === 1 || value === '1' || value === 't';
    default:
      return String(value);
  }
}

export async function dropResultTable(db: AnyDb, table: string): Promise<void> {
  await db.schema.dropTable(table).ifExists().execute();
}
