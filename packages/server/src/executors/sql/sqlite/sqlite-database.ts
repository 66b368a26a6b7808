/**
 * SQLite through better-sqlite3, each connection in a worker thread of its own (see
 * sqlite-worker-pool.ts for why and for the limits of stopping a statement). A read-only job's
 * connections open the file read-only with `PRAGMA query_only = ON`, so SQLite itself refuses
 * writes; `prepare` takes exactly one statement.
 */
import Database from 'better-sqlite3';
import { raceSignal } from '../signal-race.js';
import { BATCH_ROWS, type BindValue, type BoundStatement, type DatabaseSettings, type SqlColumn, type SqlCursor, type SqlDatabase, type StatementOptions, startCursor } from '../sql-database.js';
import type { SqliteReply, SqliteRequest, SqliteValue } from './sqlite-messages.js';
import { sqliteColumns } from './sqlite-types.js';
import { SqliteWorkerPool, type SqliteWorker } from './sqlite-worker-pool.js';

export interface SqliteMode {
  readOnly: boolean;
  /** The SQL comes from requests: statements reaching other files are refused. */
  confined: boolean;
}

export function createSqliteDatabase(path: string, settings: DatabaseSettings, mode: SqliteMode): SqlDatabase {
  const pool = new SqliteWorkerPool(
    { path, readOnly: mode.readOnly, confined: mode.confined, busyTimeoutMs: Math.min(settings.statementTimeoutMs, 60_000), batchRows: BATCH_ROWS },
    settings.poolSize,
  );
  return {
    dialect: 'sqlite',
    async check() {
      // On this thread, briefly: no worker is started for a job that may never run.
      const connection = new Database(path, { readonly: true, fileMustExist: true });
      try {
        connection.prepare('SELECT count(*) FROM sqlite_master').get();
      } finally {
        connection.close();
      }
    },
    async open(statement, options) {
      const worker = await raceSignal(pool.acquire(), options.signal, (late) => pool.release(late));
      return startCursor(new SqliteCursor(worker, pool, options), (cursor) => cursor.start(statement));
    },
    close: () => pool.close(),
  };
}

class SqliteCursor implements SqlCursor {
  columns: SqlColumn[] = [];
  private firstBatch: unknown[][] | null = null;
  private done = false;
  private busy = false;
  private closed = false;
  private readonly onAbort = () => this.stop();

  constructor(
    private readonly worker: SqliteWorker,
    private readonly pool: SqliteWorkerPool,
    private readonly options: StatementOptions,
  ) {
    options.signal.addEventListener('abort', this.onAbort, { once: true });
  }

  async start(statement: BoundStatement): Promise<void> {
    const reply = await this.call({ kind: 'run', sql: statement.text, values: statement.values.map(toSqliteValue) });
    if (reply.kind !== 'started') throw new Error(`unexpected answer from the SQLite worker: ${reply.kind}`);
    this.columns = sqliteColumns(reply.columns, reply.rows);
    this.firstBatch = reply.rows;
    this.done = reply.done;
  }

  async read(): Promise<unknown[][] | null> {
    if (this.firstBatch) {
      const rows = this.firstBatch;
      this.firstBatch = null;
      if (rows.length > 0) return rows;
    }
    if (this.done) return null;
    const reply = await this.call({ kind: 'more' });
    if (reply.kind !== 'rows') throw new Error(`unexpected answer from the SQLite worker: ${reply.kind}`);
    this.done = reply.done;
    return reply.rows.length > 0 ? reply.rows : this.done ? null : [];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.busy) return this.stop();
    this.closed = true;
    this.options.signal.removeEventListener('abort', this.onAbort);
    try {
      if (!this.done) await this.worker.request({ kind: 'finish' });
      this.pool.release(this.worker);
    } catch {
      this.pool.discard(this.worker);
    }
  }

  /** Ends a statement that is running now: its thread is terminated. */
  private stop(): void {
    if (this.closed) return;
    this.closed = true;
    this.options.signal.removeEventListener('abort', this.onAbort);
    this.pool.discard(this.worker);
  }

  private async call(request: SqliteRequest): Promise<SqliteReply> {
    this.busy = true;
    try {
      const reply = await raceSignal(this.worker.request(request), this.options.signal);
      if (reply.kind === 'error') throw Object.assign(new Error(reply.message), { code: reply.code });
      return reply;
    } finally {
      this.busy = false;
    }
  }
}

/** SQLite has no boolean or time type: 1/0, and time as the text `datetime()` writes (UTC). */
function toSqliteValue(value: BindValue): SqliteValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) {
    const iso = value.toISOString(); // 2024-06-01T12:00:00.000Z
    const text = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
    return value.getUTCMilliseconds() === 0 ? text : `${text}${iso.slice(19, 23)}`;
  }
  return value;
}
