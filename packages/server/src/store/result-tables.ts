/**
 * Result tables: each stored result is a real SQL table with typed columns, so Grafana's own SQL
 * datasources can read it too. Rows are written in batches of multi-row INSERTs as the executor
 * produces them and read back in pages, so neither side holds a big result in memory. Rows carry their position in {@link ROW_ORDER_COLUMN} so reads
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
  let create = db.schema.createTable(table).addColumn(ROW_ORDER_COLUMN, sql.raw(dialect.rowOrderType), (column) => column.primaryKey());
  for (const column of stored) create = create.addColumn(column.sqlName, sql.raw(dialect.sqlType(column.type)));
  await create.execute();
  // Each batch is one multi-row INSERT, committed on its own: the rows come from an executor
  // that may take minutes to produce them, and a transaction held open that long would lock the
  // store's registry (SQLite has one writer) for everyone else. Nobody reads the table before the
  // request is marked complete, and a failure drops it, so no one sees a partial result.
  let rowCount = 0;
  try {
    let batch: Record<string, unknown>[] = [];
    for await (const row of rows) {
      batch.push(toRecord(row, stored, dialect, rowCount++));
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
      // Scripts writing their own tables may store times as ISO text.
      return typeof value === 'string' && !/^[\d.eE+-]+$/.test(value) ? nullIfNaN(Date.parse(value)) : nullIfNaN(Number(value));
    case 'number':
      return nullIfNaN(Number(value));
    case 'boolean':
      return value === true || value === 1 || value === '1' || value === 't';
    default:
      return String(value);
  }
}

function nullIfNaN(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

/**
 * Takes over a table written outside the server: its columns typed from their SQL types, and a
 * row-order column (indexed, numbered in insertion order) so it reads like our own tables.
 */
export async function adoptResultTable(db: AnyDb, dialect: StoreDialect, table: string): Promise<{ columns: StoredColumn[]; rowCount: number } | null> {
  const described = await dialect.describeTable(db, table);
  if (!described) return null;
  const columns: StoredColumn[] = described
    .filter((column) => column.name !== ROW_ORDER_COLUMN)
    .map((column) => ({ name: column.name, sqlName: column.name, type: columnTypeOfSql(column.sqlType) }));
  if (!described.some((column) => column.name === ROW_ORDER_COLUMN)) await dialect.addRowOrder(db, table);
  const { count } = (await db.selectFrom(table).select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow()) as { count: number | string };
  return { columns, rowCount: Number(count) };
}

/** What a script's `CREATE TABLE` types mean as Grafana column types. */
export function columnTypeOfSql(sqlType: string): Column['type'] {
  const type = sqlType.toUpperCase();
  if (/TIME|DATE/.test(type)) return 'time';
  if (/BOOL/.test(type)) return 'boolean';
  if (/INT|REAL|FLOA|DOUB|NUM|DEC/.test(type)) return 'number';
  return 'string';
}

export async function dropResultTable(db: AnyDb, table: string): Promise<void> {
  await db.schema.dropTable(table).ifExists().execute();
}
