/**
 * Result tables: each stored result is a real SQL table with typed columns, so Grafana's own SQL
 * datasources can read it too. Rows are written as the executor produces them, by each
 * database's fast path (see the dialects' `writeTable`), and read back in pages, so neither side
 * holds a big result in memory. Rows carry their position in {@link ROW_ORDER_COLUMN} so reads
 * return them in the order the executor produced them and can page without holding a cursor or
 * a connection between pages (result-pages.ts).
 */
import { sql } from 'kysely';
import type { Cell, Column, Row, StoredColumn, TableStream } from '../domain.js';
import { rowMaker } from '../tables/packed-row.js';
import { assignSqlNames, ROW_ORDER_COLUMN } from './result-column-names.js';
import { ResultPages } from './result-pages.js';
import type { AnyDb, StoreDialect } from './store-dialect.js';

export async function writeResultTable(
  db: AnyDb,
  dialect: StoreDialect,
  table: string,
  columns: Column[],
  rows: TableStream['rows'],
  batchSize: number,
): Promise<{ columns: StoredColumn[]; rowCount: number }> {
  const stored = assignSqlNames(columns, dialect.identifiers);
  let create = db.schema.createTable(table).addColumn(ROW_ORDER_COLUMN, sql.raw(dialect.rowOrderType), (column) => column.primaryKey());
  for (const column of stored) create = create.addColumn(column.sqlName, sql.raw(dialect.sqlType(column.type)));
  if (dialect.tableOptions) create = create.modifyEnd(sql.raw(dialect.tableOptions));
  const rowCount = await dialect.writeTable({ db, table, columns: stored, create, rows, batchSize });
  return { columns: stored, rowCount };
}

export function readResultTable(db: AnyDb, dialect: StoreDialect, table: string, columns: StoredColumn[]): AsyncIterable<Row> {
  const converters = columns.map((column) => cellFromDatabase(column.type));
  if (dialect.readPage) {
    const names = columns.map((column) => column.sqlName);
    const readPage = (after: number, limit: number) => dialect.readPage!(table, names, after, limit);
    const newRow = rowMaker(converters.length);
    const toRow = (record: unknown[]): Row => {
      const row = newRow();
      for (let index = 0; index < converters.length; index++) row[index] = converters[index]!(record[index + 1]);
      return row;
    };
    return { [Symbol.asyncIterator]: () => new ResultPages(readPage, (record) => Number(record[0]), toRow) };
  }
  // Names from data can hold dots or " as ", which Kysely's string references would parse:
  // select each as one identifier under a short alias of our own.
  const selection = columns.map((column, index) => sql.id(column.sqlName).as(`c${index}`));
  const aliases = columns.map((_, index) => `c${index}`);
  const readPage = (after: number, limit: number) =>
    db
      .selectFrom(table)
      .select([sql.id(ROW_ORDER_COLUMN).as('r'), ...selection])
      .where(sql.id(ROW_ORDER_COLUMN), '>', after)
      .orderBy(sql.id(ROW_ORDER_COLUMN))
      .limit(limit)
      .execute() as Promise<Array<Record<string, unknown>>>;
  const toRow = (record: Record<string, unknown>): Row => {
    const row: Row = new Array(aliases.length);
    for (let index = 0; index < aliases.length; index++) row[index] = converters[index]!(record[aliases[index]!]);
    return row;
  };
  return { [Symbol.asyncIterator]: () => new ResultPages(readPage, (record) => Number(record.r), toRow) };
}

/**
 * How a stored value becomes a cell, chosen once per column: reads convert millions of cells.
 * The value the driver usually gives for the column's type takes the short path.
 */
function cellFromDatabase(type: Column['type']): (value: unknown) => Cell {
  switch (type) {
    case 'time':
      // Drivers give dates as Date objects (MySQL DATETIME, PostgreSQL timestamptz) or numbers;
      // scripts writing their own tables may store times as ISO text.
      return (value) =>
        typeof value === 'number'
          ? nullIfNaN(value)
          : value === null || value === undefined
            ? null
            : typeof value === 'string' && !/^[\d.eE+-]+$/.test(value)
              ? nullIfNaN(Date.parse(value))
              : nullIfNaN(Number(value));
    case 'number':
      return (value) => (typeof value === 'number' ? nullIfNaN(value) : value === null || value === undefined ? null : nullIfNaN(Number(value)));
    case 'boolean':
      return (value) => (value === null || value === undefined ? null : value === true || value === 1 || value === '1' || value === 't');
    default:
      return (value) => (typeof value === 'string' ? value : value === null || value === undefined ? null : String(value));
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
  if (/INTERVAL|POINT/.test(type)) return 'string';
  if (/INT|REAL|FLOA|DOUB|NUM|DEC|SERIAL/.test(type)) return 'number';
  return 'string';
}

export async function dropResultTable(db: AnyDb, table: string): Promise<void> {
  await db.schema.dropTable(table).ifExists().execute();
}
