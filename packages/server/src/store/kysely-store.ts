/**
 * The {@link Store} over any Kysely database: the registry queries and result tables are written
 * once for every dialect; a dialect module only builds the Kysely instance and its
 * {@link StoreDialect}.
 */
import { Migrator, type Kysely } from 'kysely';
import type { Request, Row, StoredColumn, TableStream } from '../domain.js';
import { StoreUnavailableError } from '../errors.js';
import { migrationProvider } from './migrations/index.js';
import * as queries from './registry-queries.js';
import { RequestInsertBatch } from './request-insert-batch.js';
import { resultTableNamedAt } from './result-table-name.js';
import { adoptResultTable, dropResultTable, readResultTable, writeResultTable } from './result-tables.js';
import type { RegistryDatabase } from './schema.js';
import type { InstanceRecord, RequestFilter, RequestUpdate, ReuseDecision, Store, StoreAccess } from './store.js';
import type { StoreDialect } from './store-dialect.js';
import { LostRaceError, retryLostRaces } from './write-conflicts.js';

/** Expirable requests handled per statement, so a long backlog never makes one huge IN list. */
const EXPIRE_BATCH = 500;
/**
 * A result table no request names is left over (a crash while a run wrote it, say) once it is
 * this old: every execution names its table when it starts, and none runs for a day unnoticed.
 */
const ORPHAN_AGE_MS = 24 * 3_600_000;
/** Listing every table is heavier than a sweep: look for leftovers at start and then hourly. */
const ORPHAN_SWEEP_INTERVAL_MS = 3_600_000;

/** How long a read of the history waits for run records being written (normally milliseconds). */
const READ_WAITS_FOR_RUN_RECORDS_MS = 2_000;
/** How long closing waits for them: a stop must not hang on a server that stopped answering. */
const CLOSE_WAITS_FOR_RUN_RECORDS_MS = 10_000;

export interface KyselyStoreOptions {
  /** Rows per INSERT where the dialect writes batches of INSERTs (SQLite). */
  batchSize: number;
  /** How long {@link KyselyStore.ping} waits for an answer before it calls the store down. */
  pingTimeoutMs: number;
}

export class KyselyStore implements Store {
  /**
   * Result tables that could not be dropped because the database was unreachable (a write cut
   * off halfway, a failed request's table): dropped at the next sweep once it answers again.
   * Their names are unique to one execution, so dropping one late can never hit a live result.
   */
  private readonly dropWhenBack = new Set<string>();
  private readonly insertRequestRows: ReturnType<typeof queries.requestInsert>;
  private readonly runRecords: RequestInsertBatch;
  private lastOrphanSweep = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: Kysely<RegistryDatabase>,
    private readonly dialect: StoreDialect,
    private readonly options: KyselyStoreOptions,
    readonly access: StoreAccess,
  ) {
    this.insertRequestRows = queries.requestInsert(db);
    this.runRecords = new RequestInsertBatch((requests) => this.insertRequestRows(this.db, requests));
  }

  async migrate(): Promise<void> {
    const { error } = await new Migrator({ db: this.db, provider: migrationProvider }).migrateToLatest();
    if (error) throw error;
  }

  insertRequest(request: Request): Promise<void> {
    return this.runRecords.add(request);
  }

  /**
   * The key's row is the lock. A free key is taken by INSERT: a second process inserting the same
   * key gets a duplicate-key error (or, in MySQL, a deadlock) and runs again, then sees the
   * winner's request. A held key's row is read FOR UPDATE, so its movers take turns, and moved by
   * an UPDATE conditional on the holder this transaction saw — which only fails if the row was
   * deleted and taken again meanwhile (an expiry), and then runs again too.
   */
  insertUnlessKeyHeld(key: string, candidate: Request, reuse: ReuseDecision): Promise<{ request: Request; created: boolean }> {
    return retryLostRaces(this.dialect.isWriteConflict, () =>
      this.db.transaction().execute(async (trx) => {
        const holder = await queries.selectKeyHolder(trx, key, this.dialect.lockingReads);
        if (holder.request && reuse(holder.request)) return { request: holder.request, created: false };
        await this.insertRequestRows(trx, [candidate]);
        if (holder.requestId === null) await queries.insertKey(trx, key, candidate.id, candidate.submittedAt);
        else if (!(await queries.moveKey(trx, key, holder.requestId, candidate.id, candidate.submittedAt))) throw new LostRaceError(`key ${key}`);
        return { request: candidate, created: true };
      }),
    );
  }

  findByKey(key: string): Promise<Request | undefined> {
    return queries.selectRequestByKey(this.db, key);
  }

  async getRequest(id: string): Promise<Request | undefined> {
    await this.runRecords.drain(READ_WAITS_FOR_RUN_RECORDS_MS); // a run answered a moment ago is found
    return queries.selectRequest(this.db, id);
  }

  updateRequest(id: string, update: RequestUpdate): Promise<void> {
    return queries.updateRequest(this.db, id, update);
  }

  claimQueued(id: string, startedAt: number, resultTable: string): Promise<boolean> {
    return queries.claimQueued(this.db, id, startedAt, resultTable);
  }

  async listRequests(filter: RequestFilter): Promise<Request[]> {
    await this.runRecords.drain(READ_WAITS_FOR_RUN_RECORDS_MS); // runs answered a moment ago are listed
    return queries.selectRequests(this.db, filter);
  }

  unfinishedRequestsNotOwnedBy(liveOwners: string[]): Promise<Request[]> {
    return queries.selectUnfinishedNotOwnedBy(this.db, liveOwners);
  }

  takeOver(requestId: string, from: string | null, to: string, requeue: boolean): Promise<boolean> {
    return queries.takeOver(this.db, requestId, from, to, requeue);
  }

  registerInstance(instance: InstanceRecord): Promise<void> {
    return queries.insertInstance(this.db, instance);
  }

  heartbeat(id: string, now: number): Promise<boolean> {
    return queries.updateHeartbeat(this.db, id, now);
  }

  listInstances(): Promise<InstanceRecord[]> {
    return queries.selectInstances(this.db);
  }

  removeInstance(id: string): Promise<void> {
    return queries.deleteInstance(this.db, id);
  }

  labels(user: string, source: string): Promise<string[]> {
    return queries.selectLabels(this.db, user, source);
  }

  async writeResult(table: string, columns: TableStream['columns'], rows: TableStream['rows']): Promise<{ columns: StoredColumn[]; rowCount: number }> {
    try {
      return await writeResultTable(this.db, this.dialect, table, columns, rows, this.options.batchSize);
    } catch (error) {
      if (error instanceof StoreUnavailableError) this.dropWhenBack.add(table);
      throw error;
    }
  }

  adoptResult(table: string): Promise<{ columns: StoredColumn[]; rowCount: number } | null> {
    return adoptResultTable(this.db, this.dialect, table);
  }

  readResult(table: string, columns: StoredColumn[]): AsyncIterable<Row> {
    return readResultTable(this.db, this.dialect, table, columns);
  }

  async dropResult(table: string): Promise<void> {
    try {
      await dropResultTable(this.db, table);
    } catch (error) {
      if (error instanceof StoreUnavailableError) this.dropWhenBack.add(table);
      throw error;
    }
  }

  /**
   * Safe with several processes sweeping one store: a table another sweeper dropped is skipped
   * (DROP TABLE IF EXISTS), and only requests still unmarked are marked and counted.
   */
  async expireRequests(now: number): Promise<number> {
    for (const table of [...this.dropWhenBack]) {
      await dropResultTable(this.db, table);
      this.dropWhenBack.delete(table);
    }
    let expired = 0;
    for (;;) {
      const expirable = await queries.selectExpirable(this.db, now, EXPIRE_BATCH);
      for (const { result_table } of expirable) if (result_table) await dropResultTable(this.db, result_table);
      const ids = expirable.map((row) => row.id);
      expired += await retryLostRaces(this.dialect.isWriteConflict, () => this.db.transaction().execute((trx) => queries.markExpired(trx, ids)));
      if (expirable.length < EXPIRE_BATCH) break;
    }
    if (now - this.lastOrphanSweep >= ORPHAN_SWEEP_INTERVAL_MS) {
      this.lastOrphanSweep = now;
      await this.dropOrphanedTables(now);
    }
    return expired;
  }

  /** Drops result tables (by their name's shape) that no request names and that are old enough. */
  private async dropOrphanedTables(now: number): Promise<void> {
    const tables = await this.db.introspection.getTables();
    const old = tables.map(({ name }) => name).filter((name) => {
      const namedAt = resultTableNamedAt(name);
      return namedAt !== null && now - namedAt >= ORPHAN_AGE_MS;
    });
    for (let start = 0; start < old.length; start += EXPIRE_BATCH) {
      const batch = old.slice(start, start + EXPIRE_BATCH);
      const named = new Set(await queries.selectNamedResultTables(this.db, batch));
      for (const table of batch) if (!named.has(table)) await dropResultTable(this.db, table);
    }
  }

  purgeExpired(before: number): Promise<number> {
    return queries.deleteExpired(this.db, before);
  }

  /** A database that does not answer within the timeout is down, even if no error came yet. */
  async ping(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), this.options.pingTimeoutMs);
    });
    const answered = this.db
      .selectFrom('scheduler_requests')
      .select('id')
      .limit(1)
      .execute()
      .then(
        () => true,
        () => false,
      );
    try {
      return await Promise.race([answered, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Writes the run records it accepted, then closes. */
  async close(): Promise<void> {
    await this.runRecords.drain(CLOSE_WAITS_FOR_RUN_RECORDS_MS);
    await this.db.destroy();
  }
}
