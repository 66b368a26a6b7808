/**
 * MySQL and MariaDB through `mysql2`: a pool per job, one statement per request, rows read as
 * they arrive (the socket is paused while enough rows wait), with statements that have bind
 * values sent as server-side prepared statements (`execute`) and others as plain text.
 *
 * Before each statement the session is set again — `time_zone = '+00:00'`, the server-side
 * statement timeout (`max_statement_time`, seconds, on MariaDB; `max_execution_time`, ms, on
 * MySQL, which only applies to SELECT) and, for read-only jobs, `SESSION TRANSACTION READ ONLY`
 * plus `START TRANSACTION READ ONLY` (rolled back at the end). The session setting matters: DDL
 * commits the transaction implicitly and would otherwise escape it. Setting them every time
 * means a `SET` in one request's statement cannot loosen the next one's.
 *
 * `multipleStatements` stays off: text with two statements is a syntax error on the server.
 * Stopping a statement: `KILL QUERY <thread id>` from a separate connection, then the
 * statement's connection is closed.
 */
import mysql from 'mysql2';
import type { FieldPacket, PoolConnection, Query } from 'mysql2';
import { mysqlEndpoint, type ServerLocation } from '../../../database/driver-endpoint.js';
import { raceSignal, withinMs } from '../signal-race.js';
import { BATCH_ROWS, type BoundStatement, type DatabaseSettings, type SqlColumn, type SqlCursor, type SqlDatabase, type StatementOptions, startCursor } from '../sql-database.js';
import { mysqlColumns } from './mysql-types.js';

type Flavor = 'mariadb' | 'mysql';

const CANCEL_WAIT_MS = 3000;
/** Rows buffered before the socket is paused: two batches keep the reader busy. */
const PAUSE_AT_ROWS = 2 * BATCH_ROWS;

export function createMysqlDatabase(location: ServerLocation, settings: DatabaseSettings): SqlDatabase {
  const connection: mysql.ConnectionOptions = {
    ...mysqlEndpoint(location),
    connectTimeout: settings.connectTimeoutMs,
    charset: 'utf8mb4',
    multipleStatements: false,
    // Values as exact text where a JavaScript number or Date would round or shift them.
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
    jsonStrings: true,
    // Bound timestamps are written in UTC, the session's zone.
    timezone: 'Z',
  };
  const pool = mysql.createPool({ ...connection, connectionLimit: settings.poolSize, waitForConnections: true, queueLimit: 0, maxIdle: settings.poolSize, idleTimeout: 30_000 });
  let flavor: Promise<Flavor> | null = null;

  const withConnection = async <T>(work: (connection: mysql.Connection) => Promise<T>): Promise<T> => {
    const single = mysql.createConnection(connection);
    single.on('error', () => undefined); // reported through the query that fails
    try {
      const result = await work(single);
      await withinMs(new Promise<void>((resolve) => single.end(() => resolve())), CANCEL_WAIT_MS);
      return result;
    } finally {
      single.destroy(); // after a failed handshake, end() would wait for an answer that never comes
    }
  };
  const detectFlavor = (): Promise<Flavor> =>
    withConnection(async (single) => {
      const rows = await run<Array<{ version: string }>>(single, 'SELECT VERSION() AS version');
      return /mariadb/i.test(rows[0]?.version ?? '') ? 'mariadb' : 'mysql';
    });
  const killQuery = async (threadId: number): Promise<void> => {
    try {
      await withConnection((single) => run(single, `KILL QUERY ${Number(threadId)}`));
    } catch (error) {
      settings.log.warn({ err: error, threadId }, 'could not stop a MySQL/MariaDB statement');
    }
  };

  return {
    dialect: 'mysql',
    async check() {
      flavor = Promise.resolve(await detectFlavor());
    },
    async open(statement, options) {
      flavor ??= detectFlavor().catch((error: unknown) => {
        flavor = null; // ask again next time rather than failing every statement
        throw error;
      });
      const timeoutSetting = (await flavor) === 'mariadb' ? `max_statement_time = ${settings.statementTimeoutMs / 1000}` : `max_execution_time = ${Math.ceil(settings.statementTimeoutMs)}`;
      const pooled = await raceSignal(getConnection(pool), options.signal, (late) => late.release());
      ignoreLateErrors(pooled);
      return startCursor(new MysqlCursor(pooled, options, killQuery), (cursor) => cursor.start(statement, `SET SESSION time_zone = '+00:00', SESSION ${timeoutSetting}`));
    },
    close: () => new Promise<void>((resolve) => pool.end(() => resolve())),
  };
}

class MysqlCursor implements SqlCursor {
  columns: SqlColumn[] = [];
  private command: Query | null = null;
  private readonly buffered: unknown[][] = [];
  private ended = false;
  private failure: unknown = null;
  private paused = false;
  private inTransaction = false;
  private closed = false;
  private stopping: Promise<void> | null = null;
  /** Wakes a reader waiting for rows, the end or an error. */
  private wake: (() => void) | null = null;
  private readonly onAbort = () => void this.stop();

  constructor(
    private readonly connection: PoolConnection,
    private readonly options: StatementOptions,
    private readonly killQuery: (threadId: number) => Promise<void>,
  ) {
    options.signal.addEventListener('abort', this.onAbort, { once: true });
  }

  async start(statement: BoundStatement, sessionSettings: string): Promise<void> {
    await this.call(run(this.connection, sessionSettings));
    if (this.options.readOnly) {
      await this.call(run(this.connection, 'SET SESSION TRANSACTION READ ONLY'));
      await this.call(run(this.connection, 'START TRANSACTION READ ONLY'));
      this.inTransaction = true;
    }
    const query = { sql: statement.text, rowsAsArray: true };
    this.command = statement.values.length > 0 ? this.connection.execute(query, statement.values) : this.connection.query(query);
    this.listen(this.command);
    await this.call(this.until(() => this.columns.length > 0 || this.ended));
  }

  async read(): Promise<unknown[][] | null> {
    await this.call(this.until(() => this.buffered.length > 0 || this.ended));
    if (this.buffered.length === 0) return null;
    const rows = this.buffered.splice(0, BATCH_ROWS);
    if (this.paused && this.buffered.length < BATCH_ROWS) {
      this.paused = false;
      this.connection.resume();
    }
    return rows;
  }

  async close(): Promise<void> {
    if (this.closed) return this.stopping ?? undefined;
    if (this.command && !this.ended) return this.stop();
    this.closed = true;
    this.options.signal.removeEventListener('abort', this.onAbort);
    if (this.failure) return this.connection.destroy();
    try {
      if (this.inTransaction) await run(this.connection, 'ROLLBACK');
      if (this.options.discardConnection) this.connection.destroy();
      else this.connection.release();
    } catch {
      this.connection.destroy();
    }
  }

  private listen(command: Query): void {
    command.on('fields', (fields: FieldPacket[] | undefined) => {
      if (!fields) return; // the OK packet of a statement without rows, or after a procedure's rows
      if (this.columns.length > 0) this.fail(new Error('the statement returned more than one result set; only single results are supported'));
      else this.columns = mysqlColumns(fields);
      this.notify();
    });
    command.on('result', (row: unknown) => {
      if (!Array.isArray(row) || this.columns.length === 0) return;
      this.buffered.push(row);
      if (!this.paused && this.buffered.length >= PAUSE_AT_ROWS) {
        this.paused = true;
        this.connection.pause();
      }
      this.notify();
    });
    command.on('end', () => {
      this.ended = true;
      this.notify();
    });
    command.on('error', (error: Error) => this.fail(error));
  }

  private fail(error: unknown): void {
    this.failure ??= error;
    this.ended = true;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** Resolves once `ready()` holds; rejects with the statement's error. */
  private async until(ready: () => boolean): Promise<void> {
    while (!ready() && !this.failure) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.failure) throw this.failure;
  }

  /** Stops the statement on the server if it is running, then closes the connection. */
  private stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    this.closed = true;
    this.options.signal.removeEventListener('abort', this.onAbort);
    const running = this.command !== null && !this.ended;
    this.stopping = (async () => {
      if (running) await this.killQuery(this.connection.threadId);
      this.connection.destroy();
    })();
    return this.stopping;
  }

  /** A call that gives up as soon as the signal fires (after the statement is stopped). */
  private async call<T>(promise: Promise<T>): Promise<T> {
    try {
      return await raceSignal(promise, this.options.signal);
    } catch (error) {
      if (this.options.signal.aborted) await this.stop();
      else this.failure ??= error;
      throw error;
    }
  }
}

function getConnection(pool: mysql.Pool): Promise<PoolConnection> {
  return new Promise((resolve, reject) => pool.getConnection((error, connection) => (error ? reject(error) : resolve(connection))));
}

function run<T = unknown>(connection: mysql.Connection | PoolConnection, sql: string): Promise<T> {
  return new Promise((resolve, reject) => connection.query(sql, (error, rows) => (error ? reject(error) : resolve(rows as T))));
}

const watched = new WeakSet<PoolConnection>();

/** A connection closed mid-statement may still emit 'error' with nobody listening: ignore it. */
function ignoreLateErrors(connection: PoolConnection): void {
  if (watched.has(connection)) return;
  watched.add(connection);
  connection.on('error', () => undefined);
}
