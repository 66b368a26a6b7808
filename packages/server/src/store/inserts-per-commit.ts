/**
 * A result table's INSERTs, sent without waiting for each one's commit. The SQLite store's
 * driver commits every write of one turn of the event loop together (sqlite-group-commit.ts), and
 * a commit for each 500-row INSERT was about a fifth of SQLite's time on a big CSV: each commit
 * writes the table's last pages to the WAL again. INSERTs whose rows are at hand therefore run in
 * the same turn and share its commit; once {@link ROWS_PER_COMMIT} rows wait for one, the writer
 * waits for that commit, which hands the event loop back to everyone else and keeps each
 * transaction — which holds SQLite's one write lock — a few milliseconds long.
 */
import { CompiledQuery } from 'kysely';
import type { AnyDb } from './store-dialect.js';

/** Rows written before waiting for their commit: ten 500-row INSERTs, a few milliseconds of SQLite's work. */
export const ROWS_PER_COMMIT = 5000;

export class InsertsPerCommit {
  private uncommitted: Array<Promise<unknown>> = [];
  private uncommittedRows = 0;

  constructor(private readonly db: AnyDb) {}

  /** Runs an INSERT of `rows` rows; waits only when {@link ROWS_PER_COMMIT} rows wait for their commit. */
  async run(sql: string, values: unknown[], rows: number): Promise<void> {
    const statement = this.db.executeQuery(CompiledQuery.raw(sql, values));
    // Its failure is thrown by committed(); until then it must not count as unhandled.
    statement.catch(() => undefined);
    this.uncommitted.push(statement);
    this.uncommittedRows += rows;
    if (this.uncommittedRows >= ROWS_PER_COMMIT) await this.committed();
  }

  /** Waits until every INSERT so far is committed; throws the first failure among them. */
  async committed(): Promise<void> {
    const statements = this.uncommitted;
    this.uncommitted = [];
    this.uncommittedRows = 0;
    await Promise.all(statements);
  }
}
