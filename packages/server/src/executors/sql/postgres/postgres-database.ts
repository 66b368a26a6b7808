/**
 * PostgreSQL through `pg`: a pool per job, one statement per request read through a cursor
 * (pg-cursor, so rows stream in batches), in a `BEGIN READ ONLY` transaction rolled back at the
 * end when the job is read-only.
 *
 * The cursor always uses the extended query protocol, which takes exactly one statement: text
 * with two statements is refused by the server ("cannot insert multiple commands into a
 * prepared statement"). Every session starts with `statement_timeout` and `TimeZone=UTC`; a
 * `SET` made by a read-only statement is undone by the rollback, and a connection that ran a
 * writable request statement is closed rather than reused.
 *
 * Stopping a statement: `pg_cancel_backend(pid)` from a separate connection, then the
 * statement's connection is closed.
 */
import pg from 'pg';
import type { PoolClient } from 'pg';
import Cursor from 'pg-cursor';
import { postgresEndpoint, type ServerLocation } from '../../../database/driver-endpoint.js';
import { raceSignal, withinMs } from '../signal-race.js';
import { BATCH_ROWS, type BoundStatement, type DatabaseSettings, type SqlColumn, type SqlCursor, type SqlDatabase, type StatementOptions, startCursor } from '../sql-database.js';
import { postgresColumns, RAW_TEXT_TYPES } from './postgres-types.js';


/** Enough to ask the server to stop a statement; a server that takes longer is not answering. */
const CANCEL_WAIT_MS = 3000;

export function createPostgresDatabase(location: ServerLocation, settings: DatabaseSettings): SqlDatabase {
  const connection: pg.ClientConfig = {
    ...postgresEndpoint(location),
    connectionTimeoutMillis: settings.connectTimeoutMs,
    application_name: settings.applicationName.slice(0, 63),
    statement_timeout: Math.ceil(settings.statementTimeoutMs),
    options: '-c TimeZone=UTC -c DateStyle=ISO,MDY',
    types: RAW_TEXT_TYPES,
  };
  // allowExitOnIdle: idle connections never keep a stopping process alive.
  const pool = new pg.Pool({ ...connection, max: settings.poolSize, idleTimeoutMillis: 30_000, allowExitOnIdle: true });
  pool.on('error', (error) => settings.log.warn({ err: error }, 'an idle PostgreSQL connection failed; the pool replaces it'));

  /** Asks the server to stop what session `pid` is running, from a connection of its own. */
  const cancelOnServer = async (pid: number): Promise<void> => {
    const canceller = new pg.Client({ ...connection, statement_timeout: CANCEL_WAIT_MS });
    try {
      await canceller.connect();
      await canceller.query('SELECT pg_cancel_backend($1)', [pid]);
    } catch (error) {
      settings.log.warn({ err: error, pid }, 'could not cancel a PostgreSQL statement');
    } finally {
      await withinMs(canceller.end(), CANCEL_WAIT_MS);
    }
  };

  return {
    dialect: 'postgres',
    async check() {
      const client = new pg.Client(connection);
      try {
        await client.connect();
        await client.query('SELECT 1');
      } finally {
        await withinMs(client.end(), CANCEL_WAIT_MS);
      }
    },
    async open(statement, options) {
      const client = await raceSignal(pool.connect(), options.signal, (late) => late.release());
      ignoreLateErrors(client);
      return startCursor(new PostgresCursor(client, options, cancelOnServer), (cursor) => cursor.start(statement));
    },
    close: () => pool.end(),
  };
}

class PostgresCursor implements SqlCursor {
  columns: SqlColumn[] = [];
  private cursor: Cursor<unknown[]> | null = null;
  private firstBatch: unknown[][] | null = null;
  private inTransaction = false;
  private done = false;
  /** The statement failed: the connection's state is unclear, so it is closed, not reused. */
  private failed = false;
  private closed = false;
  /** A call to the server is under way: stopping now needs a cancel on the server. */
  private busy = false;
  private stopping: Promise<void> | null = null;
  private readonly onAbort = () => void this.stop();

  constructor(
    private readonly client: PoolClient,
    private readonly options: StatementOptions,
    private readonly cancelOnServer: (pid: number) => Promise<void>,
  ) {
    options.signal.addEventListener('abort', this.onAbort, { once: true });
  }

  async start(statement: BoundStatement): Promise<void> {
    if (this.options.readOnly) {
      this.inTransaction = true;
      await this.call(this.client.query('BEGIN READ ONLY'));
    }
    this.cursor = this.client.query(new Cursor<unknown[]>(statement.text, statement.values.map(toPostgresValue), { rowMode: 'array', types: RAW_TEXT_TYPES }));
    const { rows, fields } = await this.call(readBatch(this.cursor));
    this.columns = postgresColumns(fields);
    this.firstBatch = rows;
    if (rows.length === 0) this.done = true;
  }

  async read(): Promise<unknown[][] | null> {
    if (this.firstBatch) {
      const rows = this.firstBatch;
      this.firstBatch = null;
      return rows.length > 0 ? rows : null;
    }
    if (this.done || !this.cursor) return null;
    const { rows } = await this.call(readBatch(this.cursor));
    if (rows.length === 0) this.done = true;
    return rows.length > 0 ? rows : null;
  }

  async close(): Promise<void> {
    if (this.closed) return this.stopping ?? undefined;
    if (this.busy) return this.stop();
    this.closed = true;
    this.options.signal.removeEventListener('abort', this.onAbort);
    if (this.failed) return this.client.release(true);
    try {
      if (this.cursor && !this.done) await this.cursor.close();
      if (this.inTransaction) await this.client.query('ROLLBACK');
      this.client.release(this.options.discardConnection);
    } catch (error) {
      this.client.release(error as Error);
    }
  }

  /** Stops the statement on the server if it is running, then closes the connection. */
  private stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    this.closed = true;
    this.options.signal.removeEventListener('abort', this.onAbort);
    const pid = (this.client as unknown as { processID: number | null }).processID;
    this.stopping = (async () => {
      if (this.busy && pid !== null) await this.cancelOnServer(pid);
      this.client.release(true);
    })();
    return this.stopping;
  }

  /** A call to the server that gives up as soon as the signal fires (after the cancel). */
  private async call<T>(promise: Promise<T>): Promise<T> {
    this.busy = true;
    try {
      return await raceSignal(promise, this.options.signal);
    } catch (error) {
      if (this.options.signal.aborted) await this.stop();
      else this.failed = true;
      throw error;
    } finally {
      this.busy = false;
    }
  }
}

const watched = new WeakSet<PoolClient>();

/**
 * A connection closed while a statement runs (after a cancel) may still report the end of that
 * statement as an 'error' event, which nobody would listen to: log nothing, crash nothing.
 */
function ignoreLateErrors(client: PoolClient): void {
  if (watched.has(client)) return;
  watched.add(client);
  client.on('error', () => undefined);
}

function readBatch(cursor: Cursor<unknown[]>): Promise<{ rows: unknown[][]; fields: pg.FieldDef[] }> {
  return new Promise((resolve, reject) => {
    cursor.read(BATCH_ROWS, (error, rows, result) => (error ? reject(error) : resolve({ rows, fields: result?.fields ?? [] })));
  });
}

/** Timestamps go as ISO text in UTC; pg would write a Date in the process's local zone. */
function toPostgresValue(value: BoundStatement['values'][number]): unknown {
  return value instanceof Date ? value.toISOString() : value;
}
