/**
 * What differs between the databases a store can sit on: result tables (types, names, how rows
 * are written fast, how a script's table is described and adopted) and how a lost race between
 * two transactions shows. Everything else goes through Kysely's dialect. One implementation per
 * database: sqlite-dialect.ts, mysql-dialect.ts, postgres-dialect.ts.
 */
import type { CompiledQuery, Kysely } from 'kysely';
import type { ColumnType, StoredColumn, TableStream } from '../domain.js';
import type { IdentifierRules } from './result-column-names.js';

// Result tables are created at run time, so Kysely cannot know their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDb = Kysely<any>;

/** A result table about to be written: its definition and the rows to fill it with. */
export interface NewResultTable {
  db: AnyDb;
  table: string;
  columns: StoredColumn[];
  /** The CREATE TABLE, row-order column first; the writer decides when and where it runs. */
  create: { execute(): Promise<void>; compile(): CompiledQuery };
  rows: TableStream['rows'];
  /** Rows per INSERT the configuration asks for (`cacheSqliteConfig.batchSize`). */
  batchSize: number;
}

export interface StoreDialect {
  name: 'sqlite' | 'mysql' | 'postgres';
  /** Which column names the database keeps as they are. */
  identifiers: IdentifierRules;
  /** The SQL type of the row-order primary key. */
  rowOrderType: string;
  /** The SQL type a result column of this type is stored as. */
  sqlType(type: ColumnType): string;
  /** Extra clauses at the end of a result table's CREATE TABLE (MySQL: its character set). */
  tableOptions?: string;
  /**
   * Creates the table and writes every row by the database's fast path; returns the row count.
   * When it fails, no table may be left behind.
   */
  writeTable(target: NewResultTable): Promise<number>;
  /**
   * Reads one page of a result table as arrays — `[row number, ...the columns]` — after row
   * `after`, in order: the database servers' fast path, straight from the driver without an
   * object per row. Without it, pages are read through Kysely (SQLite).
   */
  readPage?(table: string, sqlNames: string[], after: number, limit: number): Promise<unknown[][]>;
  /** The columns of a table and their declared SQL types, in order; null when it does not exist. */
  describeTable(db: AnyDb, table: string): Promise<Array<{ name: string; sqlType: string }> | null>;
  /** Adds and fills the row-order column of a table written outside the server. */
  addRowOrder(db: AnyDb, table: string): Promise<void>;
  /** SELECT … FOR UPDATE exists (not in SQLite, whose transactions run one at a time anyway). */
  lockingReads: boolean;
  /**
   * True when a statement lost a race with another transaction (a duplicate key, a deadlock, a
   * serialization failure): the whole transaction may run again and will see the winner's work.
   */
  isWriteConflict(error: unknown): boolean;
}
