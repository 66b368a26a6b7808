/**
 * What the main thread and a SQLite worker thread say to each other. One statement at a time
 * per worker: `run` starts it and answers the columns and a first batch, `more` asks for the
 * next batch, `finish` ends it early.
 */

export interface SqliteWorkerSetup {
  path: string;
  /** Open the file read-only and set `PRAGMA query_only`: the connection cannot write. */
  readOnly: boolean;
  /**
   * The SQL comes from requests (raw SQL): statements that reach other files — ATTACH, DETACH,
   * VACUUM (INTO) — are refused, whatever readOnly says.
   */
  confined: boolean;
  /** How long a statement waits for another connection's write lock before failing. */
  busyTimeoutMs: number;
  batchRows: number;
}

/** What better-sqlite3 can bind. */
export type SqliteValue = string | number | bigint | null;

export type SqliteRequest = { kind: 'run'; sql: string; values: SqliteValue[] } | { kind: 'more' } | { kind: 'finish' };

export interface SqliteColumnInfo {
  name: string;
  /** The declared type of a table column (`INTEGER`, `DATETIME`…); null for expressions. */
  declaredType: string | null;
}

export type SqliteReply =
  | { kind: 'started'; columns: SqliteColumnInfo[]; rows: unknown[][]; done: boolean }
  | { kind: 'rows'; rows: unknown[][]; done: boolean }
  | { kind: 'finished' }
  | { kind: 'error'; message: string; code: string | undefined };
