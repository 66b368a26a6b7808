/**
 * Runs one bound statement for a request and hands its rows on as they are read, within the
 * job's limits:
 * - `statementTimeoutSec` bounds the whole statement, from the start (waiting for a free
 *   connection included) to its last row. The database session carries the same timeout, and
 *   at the deadline Scheduler stops the statement on the server itself (a cancel request /
 *   KILL QUERY / terminating SQLite's thread). Waiting counts so that a pool held up by a
 *   statement that cannot be stopped yet (a long SQLite step) cannot make requests wait forever.
 * - `maxRows`: reading stops at the first row past it, and the request fails saying so. A table
 *   silently cut short would look complete on a dashboard.
 * - The request's abort signal (cancel, the job's timeoutSec, shutdown) stops it the same way.
 */
import type { Row, TableStream } from '../../domain.js';
import { rowMaker } from '../../tables/packed-row.js';
import type { ExecutionContext } from '../executor.js';
import type { ConnectedDatabase } from './connect-database.js';
import { describeStatementError, isServerStatementTimeout } from './database-errors.js';
import type { BoundStatement, SqlColumn, SqlCursor } from './sql-database.js';

export interface StatementLimits {
  statementTimeoutSec: number;
  maxRows: number;
  readOnly: boolean;
  /** The statement came from a request and may write: its connection is not reused. */
  discardConnection: boolean;
}

export async function runStatement(connected: ConnectedDatabase, statement: BoundStatement, limits: StatementLimits, context: ExecutionContext): Promise<TableStream> {
  context.signal.throwIfAborted();
  const deadline = new StatementDeadline(limits.statementTimeoutSec, context.signal);
  const explain = (error: unknown): unknown => {
    if (deadline.expired || isServerStatementTimeout(error)) {
      return new Error(
        `statement timeout: the statement did not finish within statementTimeoutSec=${limits.statementTimeoutSec} s and was stopped on the database; make it faster, or raise statementTimeoutSec`,
        { cause: error },
      );
    }
    if (context.signal.aborted) return context.signal.reason; // the runner records cancel or timeout
    return new Error(describeStatementError(error, connected.database.dialect, limits.readOnly, connected.secrets), { cause: error });
  };
  context.log.debug({ database: connected.description, parameters: statement.values.length }, 'running SQL statement');
  let cursor: SqlCursor;
  try {
    cursor = await connected.database.open(statement, { readOnly: limits.readOnly, discardConnection: limits.discardConnection, signal: deadline.signal });
  } catch (error) {
    deadline.clear();
    throw explain(error);
  }
  context.progress(50, 'reading rows');
  return {
    columns: cursor.columns.map(({ name, type }) => ({ name, type })),
    rows: new SqlRows(cursor, limits.maxRows, () => deadline.clear(), explain),
  };
}

/** Aborts at the statement deadline or with the request's own signal, whichever comes first. */
class StatementDeadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  expired = false;
  private readonly onRequestAbort = () => this.controller.abort(this.request.reason);

  constructor(
    timeoutSec: number,
    private readonly request: AbortSignal,
  ) {
    this.timer = setTimeout(() => {
      this.expired = true;
      this.controller.abort(new Error(`statement timeout after ${timeoutSec} s`));
    }, timeoutSec * 1000);
    // A deadline alone never keeps a stopping process alive.
    this.timer.unref();
    request.addEventListener('abort', this.onRequestAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  clear(): void {
    clearTimeout(this.timer);
    this.request.removeEventListener('abort', this.onRequestAbort);
  }
}

/**
 * The result's rows, converted per column as they are read. Ending early — `return()` from a
 * consumer that stops, a failure, the row cap — closes the cursor, which stops the statement.
 */
class SqlRows implements AsyncIterableIterator<Row> {
  private batch: unknown[][] = [];
  private index = 0;
  private count = 0;
  private ended = false;
  private readonly columns: readonly SqlColumn[];
  private readonly newRow: () => Row;

  constructor(
    private readonly cursor: SqlCursor,
    private readonly maxRows: number,
    private readonly onEnd: () => void,
    private readonly explain: (error: unknown) => unknown,
  ) {
    this.columns = cursor.columns;
    this.newRow = rowMaker(cursor.columns.length);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Row> {
    return this;
  }

  async next(): Promise<IteratorResult<Row>> {
    if (this.ended) return { done: true, value: undefined };
    while (this.index >= this.batch.length) {
      let rows: unknown[][] | null;
      try {
        rows = await this.cursor.read();
      } catch (error) {
        await this.end();
        throw this.explain(error);
      }
      if (!rows) {
        await this.end();
        return { done: true, value: undefined };
      }
      this.batch = rows;
      this.index = 0;
    }
    if (++this.count > this.maxRows) {
      await this.end();
      throw new Error(`the statement returned more than maxRows=${this.maxRows} rows; narrow it (a WHERE clause, LIMIT, an aggregate) or raise maxRows`);
    }
    const raw = this.batch[this.index++]!;
    const row = this.newRow();
    for (let column = 0; column < this.columns.length; column++) row[column] = this.columns[column]!.convert(raw[column]);
    return { done: false, value: row };
  }

  async return(): Promise<IteratorResult<Row>> {
    await this.end();
    return { done: true, value: undefined };
  }

  private async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.batch = [];
    this.onEnd();
    await this.cursor.close();
  }
}
