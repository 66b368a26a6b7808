/**
 * The seam between the SQL executors and the three database drivers. The executors bind
 * parameters, enforce the deadline, the row cap and the abort signal's meaning; a driver only
 * connects, runs one statement as a cursor and stops it on the server when asked to.
 *
 * Glossary:
 * - **statement**: one SQL statement with its bind values already in the driver's placeholder
 *   syntax (`$1` for PostgreSQL, `?` for MySQL/MariaDB and SQLite).
 * - **cursor**: one running statement on one connection, read in batches.
 * - **read-only**: the statement runs in a read-only transaction/session (PostgreSQL, MySQL) or
 *   on a read-only connection (SQLite), so the database itself refuses writes.
 */
import type { Logger } from 'pino';
import type { Cell, ColumnType } from '../../domain.js';
import type { DatabaseDialect } from '../../database/database-url.js';

/** A value bound to a placeholder. Each driver turns it into what its protocol sends. */
export type BindValue = string | number | boolean | Date | null;

export interface BoundStatement {
  /** The SQL text with the driver's placeholders. */
  text: string;
  /** One value per placeholder, in order. */
  values: BindValue[];
}

/** A result column: its Grafana type, read from the driver's metadata, and how to convert cells. */
export interface SqlColumn {
  name: string;
  type: ColumnType;
  convert(value: unknown): Cell;
}

export interface StatementOptions {
  readOnly: boolean;
  /**
   * True when the connection must not be reused afterwards: a writable statement from a request
   * (raw SQL with readOnly: false) could have changed the session for the next one.
   */
  discardConnection: boolean;
  /**
   * Fires on cancel, the job's timeout, shutdown and the statement deadline. The driver then
   * stops the statement on the server, drops the connection and rejects with the signal's reason.
   */
  signal: AbortSignal;
}

export interface SqlCursor {
  readonly columns: readonly SqlColumn[];
  /** The next rows (raw driver values in column order); null once the statement is done. */
  read(): Promise<unknown[][] | null>;
  /**
   * Ends the statement, early or after its last row: stops it on the server when it is still
   * running, ends the transaction and gives the connection back. Safe to call more than once.
   */
  close(): Promise<void>;
}

/** Starts a cursor; one whose start fails is closed, so its connection goes back to the pool. */
export async function startCursor<C extends SqlCursor>(cursor: C, start: (cursor: C) => Promise<void>): Promise<C> {
  try {
    await start(cursor);
    return cursor;
  } catch (error) {
    await cursor.close();
    throw error;
  }
}

export interface SqlDatabase {
  readonly dialect: DatabaseDialect;
  /** Connects once and runs a trivial query: proves host, credentials and database at start. */
  check(): Promise<void>;
  /** Starts a statement; resolves once its columns are known. */
  open(statement: BoundStatement, options: StatementOptions): Promise<SqlCursor>;
  /** Closes every connection (the executor's close, at shutdown). */
  close(): Promise<void>;
}

/** How a driver sets up its connections. */
export interface DatabaseSettings {
  poolSize: number;
  connectTimeoutMs: number;
  /** Also set on the server's session, so the server stops a statement even if Scheduler dies. */
  statementTimeoutMs: number;
  /** Names Scheduler's sessions on the server (PostgreSQL's application_name): the job. */
  applicationName: string;
  log: Logger;
}

/** Rows handed over per batch: big enough to amortise a round trip, small enough to stream. */
export const BATCH_ROWS = 500;
