/**
 * The {@link Store} over any Kysely database: the registry queries and result tables are written
 * once for every dialect; a dialect module only builds the Kysely instance and its
 * {@link StoreDialect}.
 */
import { Migrator, type Kysely } from 'kysely';
import type { Request, RequestState, Row, StoredColumn, TableStream } from '../domain.js';
import { migrationProvider } from './migrations/index.js';
import * as queries from './registry-queries.js';
import { adoptResultTable, dropResultTable, readResultTable, writeResultTable } from './result-tables.js';
import type { RegistryDatabase } from './schema.js';
import type { RequestFilter, RequestUpdate, ReuseDecision, Store, StoreAccess } from './store.js';
import type { StoreDialect } from './store-dialect.js';

export class KyselyStore implements Store {
  constructor(
    private readonly db: Kysely<RegistryDatabase>,
    private readonly dialect: StoreDialect,
    private readonly batchSize: number,
    readonly access: StoreAccess,
  ) {}

  async migrate(): Promise<void> {
    const { error } = await new Migrator({ db: this.db, provider: migrationProvider }).migrateToLatest();
    if (error) throw error;
  }

  insertRequest(request: Request): Promise<void> {
    return queries.insertRequest(this.db, request);
  }

  insertUnlessKeyHeld(key: string, candidate: Request, reuse: ReuseDecision): Promise<{ request: Request; created: boolean }> {
    return this.db.transaction().execute(async (trx) => {
      const existing = await queries.selectRequestByKey(trx, key);
      if (existing && reuse(existing)) return { request: existing, created: false };
      await queries.insertRequest(trx, candidate);
      await queries.pointKeyAt(trx, key, candidate.id, candidate.submittedAt);
      return { request: candidate, created: true };
    });
  }

  findByKey(key: string): Promise<Request | undefined> {
    return queries.selectRequestByKey(this.db, key);
  }

  getRequest(id: string): Promise<Request | undefined> {
    return queries.selectRequest(this.db, id);
  }

  updateRequest(id: string, update: RequestUpdate): Promise<void> {
    return queries.updateRequest(this.db, id, update);
  }

  claimQueued(id: string, startedAt: number): Promise<boolean> {
    return queries.claimQueued(this.db, id, startedAt);
  }

  listRequests(filter: RequestFilter): Promise<Request[]> {
    return queries.selectRequests(this.db, filter);
  }

  requestsInStates(states: RequestState[]): Promise<Request[]> {
    return queries.selectRequestsInStates(this.db, states);
  }

  labels(user: string, source: string): Promise<string[]> {
    return queries.selectLabels(this.db, user, source);
  }

  writeResult(table: string, columns: TableStream['columns'], rows: TableStream['rows']): Promise<{ columns: StoredColumn[]; rowCount: number }> {
    return writeResultTable(this.db, this.dialect, table, columns, rows, this.batchSize);
  }

  adoptResult(table: string): Promise<{ columns: StoredColumn[]; rowCount: number } | null> {
    return adoptResultTable(this.db, this.dialect, table);
  }

  readResult(table: string, columns: StoredColumn[]): AsyncIterable<Row> {
    return readResultTable(this.db, table, columns);
  }

  dropResult(table: string): Promise<void> {
    return dropResultTable(this.db, table);
  }

  async expireRequests(now: number): Promise<number> {
    const expirable = await queries.selectExpirable(this.db, now);
    for (const { result_table } of expirable) if (result_table) await dropResultTable(this.db, result_table);
    await queries.markExpired(
      this.db,
      expirable.map((row) => row.id),
    );
    return expirable.length;
  }

  purgeExpired(before: number): Promise<number> {
    return queries.deleteExpired(this.db, before);
  }

  async ping(): Promise<boolean> {
    try {
      await this.db.selectFrom('scheduler_requests').select('id').limit(1).execute();
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    return this.db.destroy();
  }
}
