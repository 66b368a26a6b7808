/**
 * A worker thread holding one SQLite connection. better-sqlite3 runs statements synchronously
 * and has no sqlite3_interrupt, so statements run here rather than on the server's event loop,
 * and a statement past its deadline is stopped by terminating this thread (see
 * sqlite-worker-pool.ts). Rows go to the main thread in batches, one batch per `more`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { SqliteReply, SqliteRequest, SqliteWorkerSetup } from './sqlite-messages.js';

const setup = workerData as SqliteWorkerSetup;
const port = parentPort!;
/** A statement that reaches files other than the configured database. */
const FILE_STATEMENT = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*(ATTACH|DETACH|VACUUM)\b/i;

let connection: Database.Database | null = null;
let rows: IterableIterator<unknown[]> | null = null;

function database(): Database.Database {
  if (!connection) {
    connection = new Database(setup.path, { readonly: setup.readOnly, fileMustExist: true, timeout: setup.busyTimeoutMs });
    connection.defaultSafeIntegers(true); // exact integers; converted per column on the other side
  }
  // Set before every statement: a request's `PRAGMA query_only = OFF` cannot outlive it.
  if (setup.readOnly) connection.pragma('query_only = ON');
  return connection;
}

function nextBatch(): { rows: unknown[][]; done: boolean } {
  const batch: unknown[][] = [];
  while (rows && batch.length < setup.batchRows) {
    const next = rows.next();
    if (next.done) {
      rows = null;
      return { rows: batch, done: true };
    }
    batch.push(next.value);
  }
  return { rows: batch, done: rows === null };
}

function finish(): void {
  rows?.return?.();
  rows = null;
}

function handle(request: SqliteRequest): SqliteReply {
  switch (request.kind) {
    case 'run': {
      finish();
      const fileStatement = FILE_STATEMENT.exec(request.sql)?.[1];
      if (setup.confined && fileStatement) {
        return { kind: 'error', code: 'SQLITE_AUTH', message: `${fileStatement.toUpperCase()} is not allowed in raw SQL: it reaches files other than the job's database` };
      }
      const statement = database().prepare(request.sql);
      if (!statement.reader) {
        statement.run(...request.values);
        return { kind: 'started', columns: [], rows: [], done: true };
      }
      const columns = statement.columns().map((column) => ({ name: column.name, declaredType: column.type }));
      rows = statement.raw(true).iterate(...request.values) as IterableIterator<unknown[]>;
      return { kind: 'started', columns, ...nextBatch() };
    }
    case 'more':
      return { kind: 'rows', ...nextBatch() };
    case 'finish':
      finish();
      return { kind: 'finished' };
  }
}

port.on('message', (request: SqliteRequest) => {
  let reply: SqliteReply;
  try {
    reply = handle(request);
  } catch (error) {
    finish();
    const { message, code } = error as { message?: string; code?: unknown };
    reply = { kind: 'error', message: String(message ?? error), code: typeof code === 'string' ? code : undefined };
  }
  port.postMessage(reply);
});
