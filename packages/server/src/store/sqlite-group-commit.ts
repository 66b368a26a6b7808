/**
 * A Kysely dialect for better-sqlite3 that commits writes in groups: every write statement of one
 * turn of the event loop goes into one transaction, committed when the turn is over, and each
 * statement's promise resolves only once that commit is done.
 *
 * Why: the store writes on every request (a run's record; a submit's insert, start, result and
 * end), and each SQLite commit writes the changed pages to the WAL again. Fifty concurrent
 * requests committing one by one write the same pages fifty times; grouped, once. Nothing is
 * answered before it is durable, so "a restart keeps every request" still holds.
 *
 * State machine of the one connection:
 * - idle: no transaction. A read runs and resolves at once. A write opens a group
 *   (`BEGIN IMMEDIATE`) and schedules its commit with setImmediate.
 * - group open: every statement runs inside it and resolves after the group's COMMIT
 *   (reads too, so nobody is shown data that might still roll back).
 * - transaction (Kysely's `db.transaction()`): a SAVEPOINT inside the group, owned by one caller;
 *   other callers wait until it is released, so a rollback undoes only its own work. Its
 *   statements resolve at once; its commit (RELEASE) resolves with the group's COMMIT, which
 *   waits until no transaction is open.
 * If COMMIT fails, the group is rolled back and every statement waiting on it is rejected.
 *
 * Prepared statements are cached by SQL text: Kysely asks for the same few statements again and
 * again, and preparing is a large share of a small statement's cost.
 */
import type Database from 'better-sqlite3';
import { CompiledQuery, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import type { DatabaseConnection, Dialect, Driver, Kysely, QueryResult } from 'kysely';

/** Statements kept prepared; result tables each have their own INSERT, so the cache must be bounded. */
const STATEMENT_CACHE_SIZE = 500;
const SAVEPOINT = 'scheduler_transaction';

export class GroupCommitSqliteDialect implements Dialect {
  constructor(private readonly database: Database.Database) {}

  createDriver(): Driver {
    return new GroupCommitDriver(this.database);
  }

  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }

  createAdapter() {
    return new SqliteAdapter();
  }

  // Kysely types the introspector's database loosely; it only reads the schema through it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * The transaction-control statements, prepared once: `exec` parses its SQL on every call, and a
 * submit opens and releases a savepoint and its group begins and commits.
 */
function controlStatements(db: Database.Database) {
  const prepare = (sql: string) => {
    const statement = db.prepare(sql);
    return () => void statement.run();
  };
  return {
    savepoint: prepare(`SAVEPOINT ${SAVEPOINT}`),
    release: prepare(`RELEASE ${SAVEPOINT}`),
    rollbackToSavepoint: prepare(`ROLLBACK TO ${SAVEPOINT}`),
    begin: prepare('BEGIN IMMEDIATE'),
    commit: prepare('COMMIT'),
    rollback: prepare('ROLLBACK'),
  };
}

class GroupCommitDriver implements Driver {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly control: ReturnType<typeof controlStatements>;
  private groupOpen = false;
  private commitWaiters: Waiter[] = [];
  /** The connection holding the open transaction (savepoint), if any. */
  private transactionOwner: Connection | null = null;
  /** Callers waiting for the open transaction to end. */
  private readonly transactionQueue: Array<() => void> = [];

  constructor(private readonly db: Database.Database) {
    this.control = controlStatements(db);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new Connection(this);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    // No await between the check and taking ownership, or two callers could both pass it.
    while (this.transactionOwner && this.transactionOwner !== connection) await this.transactionEnd();
    this.openGroup();
    this.control.savepoint();
    this.transactionOwner = connection as Connection;
  }

  async commitTransaction(): Promise<void> {
    this.control.release();
    this.endTransaction();
    await this.afterCommit();
  }

  async rollbackTransaction(): Promise<void> {
    this.control.rollbackToSavepoint();
    this.control.release();
    this.endTransaction();
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    if (this.groupOpen) this.commit();
    this.db.close();
  }

  async execute<R>(connection: Connection, query: CompiledQuery): Promise<QueryResult<R>> {
    while (this.transactionOwner && this.transactionOwner !== connection) await this.transactionEnd();
    const statement = this.prepare(query.sql);
    if (!statement.readonly) this.openGroup();
    const result = run<R>(statement, query.parameters);
    const inTransaction = this.transactionOwner === connection;
    return this.groupOpen && !inTransaction ? this.afterCommit().then(() => result) : result;
  }

  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement) {
      // Map order is insertion order: re-inserting keeps the most used at the end.
      this.statements.delete(sql);
    } else {
      statement = this.db.prepare(sql);
      if (this.statements.size >= STATEMENT_CACHE_SIZE) this.statements.delete(this.statements.keys().next().value!);
    }
    this.statements.set(sql, statement);
    return statement;
  }

  private openGroup(): void {
    if (this.groupOpen) return;
    this.control.begin();
    this.groupOpen = true;
    setImmediate(() => this.commit());
  }

  private commit(): void {
    if (this.transactionOwner) {
      setImmediate(() => this.commit()); // a transaction spans turns: commit after it ends
      return;
    }
    const waiters = this.commitWaiters;
    this.commitWaiters = [];
    this.groupOpen = false;
    try {
      this.control.commit();
    } catch (error) {
      if (this.db.inTransaction) this.control.rollback();
      for (const waiter of waiters) waiter.reject(error);
      return;
    }
    for (const waiter of waiters) waiter.resolve();
  }

  private afterCommit(): Promise<void> {
    if (!this.groupOpen) return Promise.resolve();
    return new Promise((resolve, reject) => this.commitWaiters.push({ resolve, reject }));
  }

  private transactionEnd(): Promise<void> {
    return new Promise((resolve) => this.transactionQueue.push(resolve));
  }

  private endTransaction(): void {
    this.transactionOwner = null;
    // Wake everyone waiting; whoever opens the next transaction first makes the others wait again.
    for (const wake of this.transactionQueue.splice(0)) wake();
  }
}

class Connection implements DatabaseConnection {
  constructor(private readonly driver: GroupCommitDriver) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.driver.execute<R>(this, query);
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    // Results are read in pages (result-tables.ts), never streamed from one open statement.
    yield await this.executeQuery<R>(query);
  }
}

function run<R>(statement: Database.Statement, parameters: readonly unknown[]): QueryResult<R> {
  if (statement.reader) return { rows: statement.all(parameters) as R[] };
  const { changes, lastInsertRowid } = statement.run(parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}
