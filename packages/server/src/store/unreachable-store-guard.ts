/**
 * Wraps a Kysely dialect so that losing the database server shows as what it is: every statement
 * that fails because the server cannot be reached (refused, reset, timed out, gone mid-query)
 * rejects with {@link StoreUnavailableError} — "the result store … is unreachable" — which the
 * HTTP layer answers with 503 and a failed request keeps as its error. Statements the server
 * answered with an error of its own (a bad column, a duplicate key) pass through unchanged.
 *
 * Recovery needs nothing here: the pools drop broken connections and open new ones on demand,
 * so the first statement after the server returns simply works.
 */
import type { DatabaseConnection, Dialect, Driver, Kysely, QueryCompiler, QueryResult, TransactionSettings, CompiledQuery } from 'kysely';
import { StoreUnavailableError } from '../errors.js';
import { errorMessage } from './network-errors.js';

export interface UnreachableStoreGuard {
  /** The store as messages may name it: never with its password. */
  where: string;
  /** True when a driver error means the connection or server is gone, not a refused statement. */
  isConnectivityError(error: unknown): boolean;
  /** Secrets to keep out of messages, in case a driver ever repeats them. */
  secrets: string[];
}

export function unreachableError(guard: UnreachableStoreGuard, error: unknown): StoreUnavailableError {
  const message = redact(errorMessage(error), guard.secrets);
  return new StoreUnavailableError(`the result store (${guard.where}) is unreachable: ${message}`, error);
}

/** The error to throw for a failed statement: unreachable when connectivity failed, else as it was. */
export function guardError(guard: UnreachableStoreGuard, error: unknown): unknown {
  return !(error instanceof StoreUnavailableError) && guard.isConnectivityError(error) ? unreachableError(guard, error) : error;
}

export function redact(text: string, secrets: string[]): string {
  // A one- or two-character password would blank out half a message; drivers do not echo
  // passwords anyway, so this only guards against one that starts to.
  return secrets.filter((secret) => secret.length >= 3).reduce((result, secret) => result.split(secret).join('***'), text);
}

export class GuardedDialect implements Dialect {
  constructor(
    private readonly inner: Dialect,
    private readonly guard: UnreachableStoreGuard,
  ) {}

  createDriver(): Driver {
    return new GuardedDriver(this.inner.createDriver(), this.guard);
  }

  createQueryCompiler(): QueryCompiler {
    return this.inner.createQueryCompiler();
  }

  createAdapter() {
    return this.inner.createAdapter();
  }

  // Kysely types the introspector's database loosely; it only reads the schema through it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  createIntrospector(db: Kysely<any>) {
    return this.inner.createIntrospector(db);
  }
}

class GuardedDriver implements Driver {
  private readonly inners = new WeakMap<DatabaseConnection, DatabaseConnection>();

  constructor(
    private readonly driver: Driver,
    private readonly guard: UnreachableStoreGuard,
  ) {}

  init(): Promise<void> {
    return this.driver.init();
  }

  /** Whatever keeps the pool from giving a connection (refused, timed out, refused login) is "unreachable". */
  async acquireConnection(): Promise<DatabaseConnection> {
    let inner: DatabaseConnection;
    try {
      inner = await this.driver.acquireConnection();
    } catch (error) {
      throw error instanceof StoreUnavailableError ? error : unreachableError(this.guard, error);
    }
    const guarded = new GuardedConnection(inner, this.guard);
    this.inners.set(guarded, inner);
    return guarded;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.guarded(this.driver.beginTransaction(this.inner(connection), settings));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.guarded(this.driver.commitTransaction(this.inner(connection)));
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.guarded(this.driver.rollbackTransaction(this.inner(connection)));
  }

  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.guarded(this.driver.savepoint!(this.inner(connection), name, compile));
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.guarded(this.driver.rollbackToSavepoint!(this.inner(connection), name, compile));
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.guarded(this.driver.releaseSavepoint!(this.inner(connection), name, compile));
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.driver.releaseConnection(this.inner(connection));
  }

  destroy(): Promise<void> {
    return this.driver.destroy();
  }

  private inner(connection: DatabaseConnection): DatabaseConnection {
    return this.inners.get(connection) ?? connection;
  }

  private async guarded<T>(operation: Promise<T>): Promise<T> {
    try {
      return await operation;
    } catch (error) {
      throw guardError(this.guard, error);
    }
  }
}

class GuardedConnection implements DatabaseConnection {
  constructor(
    private readonly inner: DatabaseConnection,
    private readonly guard: UnreachableStoreGuard,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return await this.inner.executeQuery<R>(query);
    } catch (error) {
      throw guardError(this.guard, error);
    }
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    try {
      yield* this.inner.streamQuery<R>(query, chunkSize);
    } catch (error) {
      throw guardError(this.guard, error);
    }
  }
}
